"""The public HTML site shows what the API shows (``core.visibility``): rich-text links to
hidden pages and private documents lose their ``href``, and served rich text is cut down to
the input rules (``core.richtext``) once more, whatever way it reached the database.
"""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from core.visibility import is_public_document, private_collection_ids, public_page_ids

# The text of a link whose target is hidden stays, as in the API; nothing names the target.
NO_LINK = "<a>"


class PublicPageLinkHandler(PageLinkHandler):
    """Page links of rich text on public pages: only to pages the public may see. The
    version in the reader's language is linked when that one is visible too."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        targets = [page.localized if page else None for page in cls.get_many(attrs_list)]
        visible = public_page_ids({page.pk for page in targets if page})
        return [
            f'<a href="{escape(page.url)}">'
            if page and page.pk in visible and page.url
            else NO_LINK
            for page in targets
        ]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Document links of rich text: never to a document in a private collection."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        documents = cls.get_many(attrs_list)
        hidden = private_collection_ids() if any(documents) else frozenset()
        return [
            f'<a href="{escape(document.url)}">'
            if is_public_document(document, hidden)
            else NO_LINK
            for document in documents
        ]
