"""Endpoints served from the read model: a list is one counted, indexed query of entries and
one query of their related entries; a detail is one entry and its related entries.

The views stay thin: which entries are visible and how lists filter lives in
``frontend_api.readmodel.selectors``, how a response is composed in ``...compose``.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.response import Response

from frontend_api import surrogate
from frontend_api.pagination import EntryPage
from frontend_api.readmodel import selectors
from frontend_api.readmodel.compose import Composer
from frontend_api.views.base import RawJSON


class EntryEndpoint:
    """``list`` and ``retrieve`` of a content viewset served from entries of ``kind``.

    (The viewsets' page-based building, ``response_context``/``item_data``, still serves
    the embeds, the sync feed and previews until they read entries too.)

    Subclasses name their ``kind`` and ``endpoint`` (URL name prefix), their ``ordering``,
    and may narrow the entries by the request's parameters (``filtered``), find the detail
    (``lookup``) and add detail-only fields (``detail_text``).
    """

    kind = ""
    endpoint = ""
    ordering: tuple[str, ...] = ("title", "subtitle", "object_id")
    pagination_class = EntryPage
    # Detail fields read beyond a list item's.
    detail_fields: tuple[str, ...] = ("body_keys",)
    # What the list's count counts, when not its entries (set by ``filtered``; see
    # ``selectors.counted_by_links``).
    counted = None

    def entries(self):
        return self.filtered(selectors.entries(self.kind, self.languages), self.params)

    def filtered(self, entries, params: dict):
        return entries

    def lookup(self, entries):
        raise NotImplementedError

    def composer(self, entries) -> Composer:
        return Composer(entries, self.languages, self.endpoint)

    def list(self, request, *args, **kwargs):
        listed = self.ordered(self.entries()).only(*selectors.ITEM_FIELDS)
        listed = listed.annotate(next_expiry=selectors.next_expiry(self.kind, self.languages))
        page = selectors.fresh(self.paginate_queryset(listed))
        composer = self.composer(page)
        results = [self.item_text(entry, composer) for entry in page]
        response = Response(RawJSON.page(self.paginator, results))
        response.changes_at = composer.changes_at(self.paginator.expires)
        return response

    def ordered(self, entries):
        return entries.order_by(*self.ordering)

    def item_text(self, entry, composer: Composer) -> str:
        return composer.compose(entry)

    def retrieve(self, request, *args, **kwargs):
        fields = (*selectors.ITEM_FIELDS, *self.detail_fields)
        entry = self.lookup(self.entries()).only(*fields).first()
        if entry is None:
            raise Http404
        entry = selectors.fresh([entry], fields)[0]
        composer = self.composer([entry])
        surrogate.add(*entry.body_keys.split())
        response = Response(RawJSON(self.detail_text(entry, composer)))
        response.changes_at = composer.changes_at(None)
        return response

    def detail_text(self, entry, composer: Composer) -> str:
        return self.item_text(entry, composer)


class PageEntries(EntryEndpoint):
    """Topics and positions: found by slug (the first in tree order, as the public site
    resolves it), with their ``body`` in the detail."""

    detail_fields = ("body", "body_keys", "path")

    def lookup(self, entries):
        return entries.filter(slug=self.kwargs["slug"]).order_by("path")
