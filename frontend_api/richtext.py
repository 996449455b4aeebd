"""Rich text for the API: Wagtail's stored HTML with every link made public and absolute.

Internal page links become the public URL of the page, document links its download URL.
A link to something the public may not see (draft, private, expired page; document in a
private collection) loses its ``href`` but keeps its text. The result is sanitised with the
input rules (``core.richtext``). Targets are looked up in bulk for
all rich text of a response, so the query count does not grow with the number of links.
"""

import re

from django.db.models import Q
from django.utils.html import escape as escape_attr
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.richtext import sanitize_html
from frontend_api import surrogate
from frontend_api.links import absolute
from frontend_api.localisation import api_visible

LINK = re.compile(r'<a(?P<attrs>[^>]*?)\blinktype="(?P<type>page|document)"(?P<rest>[^>]*)>')
ID = re.compile(r'\bid="(?P<id>\d+)"')
EMBED = re.compile(r"<embed\b[^>]*/?>")


class RichTextResolver:
    """Collect rich text of one response, then render it with links resolved in two queries."""

    def __init__(self, hidden_collections: frozenset = frozenset(), languages=None):
        self.hidden_collections = hidden_collections
        self.languages = languages
        self.page_ids: set[int] = set()
        self.document_ids: set[int] = set()
        self.page_urls: dict[int, str] = {}
        self.document_urls: dict[int, str] = {}
        self.looked_up_page_ids: set[int] = set()
        self.looked_up_document_ids: set[int] = set()
        self.resolved = False

    def collect(self, html: str) -> None:
        for match in LINK.finditer(html or ""):
            id_match = ID.search(match.group("attrs") + match.group("rest"))
            if id_match is None:
                continue
            target = self.page_ids if match.group("type") == "page" else self.document_ids
            target.add(int(id_match.group("id")))

    def resolve(self) -> None:
        """Look up the targets collected since the last call (none twice)."""
        page_ids = self.page_ids - self.looked_up_page_ids
        if page_ids:
            self.page_urls.update(self.public_page_urls(page_ids))
            self.looked_up_page_ids |= page_ids
        document_ids = self.document_ids - self.looked_up_document_ids
        # Every link target is named, shown or not: publishing it gives the link its href.
        surrogate.add_items(surrogate.DOCUMENT, document_ids)
        if document_ids:
            documents = get_document_model().objects.filter(pk__in=document_ids)
            for document in documents:
                if document.collection_id not in self.hidden_collections:
                    self.document_urls[document.pk] = absolute(document.url)
            self.looked_up_document_ids |= document_ids
        self.resolved = True

    def public_page_urls(self, page_ids: set[int]) -> dict[int, str]:
        """``{linked page id: public URL}``. Editors link the page of their own language and
        a translation keeps the source's links: a link is served as the linked page's
        version in the requested locale when there is one, else as the page itself."""
        rows = Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "translation_key", "content_type__app_label", "content_type__model"
        )
        keys = {}
        for pk, key, app_label, model in rows:
            keys[pk] = key
            kind = surrogate.KINDS.get(f"{app_label}.{model}")
            if kind is not None:  # other pages (indexes) change only with the site's structure
                surrogate.add(surrogate.item_key(kind, key))
        wanted = Q(pk__in=page_ids)
        requested = self.languages.requested.pk if self.languages else None
        if requested:
            wanted |= Q(translation_key__in=set(keys.values()), locale_id=requested)
        by_key, own = {}, {}
        for page in api_visible(Page.objects.filter(wanted)).specific(defer=True):
            url = page_public_url(page)
            if not url:
                continue
            if page.pk in page_ids:
                own[page.pk] = url
            if page.locale_id == requested:
                by_key[page.translation_key] = url
        return {
            pk: by_key.get(key) or own[pk]
            for pk, key in keys.items()
            if by_key.get(key) or pk in own
        }

    def render(self, html: str) -> str:
        if not self.resolved:
            self.collect(html)
            self.resolve()

        def replace(match):
            id_match = ID.search(match.group("attrs") + match.group("rest"))
            pk = int(id_match.group("id")) if id_match else None
            urls = self.page_urls if match.group("type") == "page" else self.document_urls
            url = urls.get(pk)
            return f'<a href="{escape_attr(url)}">' if url else "<a>"

        html = LINK.sub(replace, html or "")
        html = EMBED.sub("", html)
        # Cut down to the input rules once more: HTML that reached the database another way
        # (a migration, a shell, an old import) is served as the editor could have written it.
        return sanitize_html(absolutise_hrefs(html))


# Site-relative only: ``//host/path`` is protocol-relative and points at another site.
HREF = re.compile(r'href="(/(?!/)[^"]*)"')


def absolutise_hrefs(html: str) -> str:
    """Relative links (``href="/…"``) written by editors point at this site: make them absolute.

    A protocol-relative link (``href="//example.org/…"``) is another site's and stays as it is.
    """
    # The matched value is already escaped HTML; prefixing the base keeps it so.
    return HREF.sub(lambda m: f'href="{absolute(m.group(1))}"', html)


def page_public_url(page) -> str | None:
    """The absolute public URL of ``page`` under ``PUBLIC_BASE_URL`` (never the Host header)."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    _site_id, _root_url, page_path = parts
    return absolute(page_path)
