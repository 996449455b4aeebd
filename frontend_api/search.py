"""Full-text search through Wagtail's search backend, shared by ``topics/?q=``,
``positions/?q=`` and ``search/`` on SQLite (and by the page-based paths: embeds, the sync
feed). On PostgreSQL the endpoints search the read model's own column instead
(``frontend_api.readmodel.search``), which holds only public PDFs' words."""

import html
import re

from django.utils.html import strip_tags
from wagtail.search.backends import get_search_backend

from positions.models import PositionPage

WORD = re.compile(r"\w+")


def search_pks(candidates, q: str) -> list[int]:
    """Ids of ``candidates`` matching the words of ``q``, best match first.

    Only the words are searched: quotes, brackets and operators are search-engine syntax, and
    SQLite's full-text search fails on an unbalanced quote (a 500 for ``q="``). A ``q`` with no
    word in it matches nothing.
    """
    words = " ".join(WORD.findall(q))
    if not words:
        return []
    # The backend, not ``candidates.search``: snippet querysets (contacts) have no ``search``.
    return [result.pk for result in get_search_backend().search(words, candidates)]


def visible_words(position) -> set[str]:
    """The words of what the API shows of ``position`` (not its PDF), case-folded."""
    parts = [position.title, position.teaser]
    for block in position.body.raw_data:
        value = block["value"]
        if isinstance(value, dict):
            keys = ("text", "attribution", "caption", "alt", "title")
            parts.extend(str(value.get(key) or "") for key in keys)
        elif isinstance(value, str):
            parts.append(value)
    text = html.unescape(strip_tags(" ".join(parts)))
    return set(WORD.findall(text.casefold()))


def without_private_pdf_matches(
    found: list[int], q: str, hidden_collections: frozenset[int]
) -> list[int]:
    """``found`` (ids of any pages) less the positions found only through a PDF in a private
    collection.

    The search index holds the PDF's text with the page's, so it cannot say which matched;
    finding a position by a word only its private PDF contains would tell what the PDF
    says. The few positions with a private PDF are checked against their visible text
    (one query); a doubtful match is left out rather than shown.
    """
    if not found or not hidden_collections:
        return found
    words = {word.casefold() for word in WORD.findall(q)}
    suspects = PositionPage.objects.filter(
        pk__in=found, document__collection_id__in=hidden_collections
    ).only("title", "teaser", "body")
    dropped = {position.pk for position in suspects if not words <= visible_words(position)}
    return [pk for pk in found if pk not in dropped]
