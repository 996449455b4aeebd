"""The rich-text rules of the hub, shared by the editor, the importer and the API.

PRODUCT.md allows paragraphs, h2–h4, lists, links, strong/em, blockquote and line breaks;
the editor offers exactly those, and HTML arriving from outside is cut down to them.
"""

import re

import nh3

# Draftail features offered to editors (Shift+Enter gives a line break in any of them).
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
# Short fields (intros, quotes) get inline formatting only.
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Old sites write <b>/<i>; they mean strong/em, so they are renamed rather than dropped.
_PRESENTATIONAL_TAGS = re.compile(r"<(/?)(b|i)(\s[^>]*)?>", re.IGNORECASE)


def sanitize_html(html: str) -> str:
    """Return ``html`` with every tag, attribute and URL scheme outside the rules removed.

    The text of removed tags is kept, except inside script and style, which are dropped
    whole; ``javascript:`` and other unlisted link schemes lose their ``href``.
    """
    renamed = _PRESENTATIONAL_TAGS.sub(
        lambda match: f"<{match.group(1)}{'strong' if match.group(2).lower() == 'b' else 'em'}>",
        html,
    )
    cleaned = nh3.clean(
        renamed,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()
