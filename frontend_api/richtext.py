"""Rich text for the API: Wagtail's stored HTML with every link made public and absolute.

Internal page links become the public URL of the page, document links its download URL.
A link to something the public may not see (draft, private, expired page; document in a
private collection) loses its ``href`` but keeps its text. Targets are looked up in bulk for
all rich text of a response, so the query count does not grow with the number of links.
"""

import re

from django.utils.html import escape as escape_attr
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.visibility import publicly_visible
from frontend_api.links import absolute

LINK = re.compile(r'<a(?P<attrs>[^>]*?)\blinktype="(?P<type>page|document)"(?P<rest>[^>]*)>')
ID = re.compile(r'\bid="(?P<id>\d+)"')
EMBED = re.compile(r"<embed\b[^>]*/?>")


class RichTextResolver:
    """Collect rich text of one response, then render it with links resolved in two queries."""

    def __init__(self, hidden_collections: frozenset = frozenset()):
        self.hidden_collections = hidden_collections
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
            pages = publicly_visible(Page.objects.filter(pk__in=page_ids)).specific(defer=True)
            for page in pages:
                url = page_public_url(page)
                if url:
                    self.page_urls[page.pk] = url
            self.looked_up_page_ids |= page_ids
        document_ids = self.document_ids - self.looked_up_document_ids
        if document_ids:
            documents = get_document_model().objects.filter(pk__in=document_ids)
            for document in documents:
                if document.collection_id not in self.hidden_collections:
                    self.document_urls[document.pk] = absolute(document.url)
            self.looked_up_document_ids |= document_ids
        self.resolved = True

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
        return absolutise_hrefs(html)


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
