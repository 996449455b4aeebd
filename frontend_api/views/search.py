"""``search/?q=``: topics, positions and contact people in one list, each with its ``type``.

The search decides which items a page of results holds (ids only); the items are the entries
the topic, position and contact endpoints list (``frontend_api.readmodel``), composed the same
way, so a search result is exactly what that endpoint lists.
"""

# ``list`` is a method of the view: annotations must not be evaluated in the class body.
from __future__ import annotations

from collections import defaultdict

from rest_framework import serializers
from rest_framework.response import Response
from wagtail.models import Page

from contacts.models import Contact
from frontend_api import surrogate
from frontend_api.pagination import LimitOffsetPage
from frontend_api.params import MAX_Q_LENGTH, ListParams, SearchParam
from frontend_api.readmodel import search, selectors
from frontend_api.readmodel.compose import Composer
from frontend_api.readmodel.render import dumps
from frontend_api.search import search_pks, without_private_pdf_matches
from frontend_api.serializers.search import (
    CONTACT,
    POSITION,
    RESULT_TYPES,
    TOPIC,
    search_result_serializer,
)
from frontend_api.surrogate import COLLECTIONS
from frontend_api.views.base import ContentViewSet, RawJSON
from home.models import TopicPage
from positions.models import PositionPage

# The pages a search finds, and the endpoint that lists each type.
PAGE_MODELS = {TOPIC: TopicPage, POSITION: PositionPage}
ENDPOINTS = {TOPIC: "topics", POSITION: "positions", CONTACT: "contacts"}


class SearchParams(ListParams):
    """Parameters of ``search/``."""

    q = SearchParam(
        help_text=(
            f"Search words (required, at most {MAX_Q_LENGTH} characters). Titles, teasers, "
            "intros and bodies of topics and positions are searched, the text of a position's "
            "PDF too, and the names and roles of contact people. An item is found when it "
            "contains every word; the best matches come first. Only the words count: "
            "quotes, operators and other punctuation are ignored, and a `q` without any word "
            "finds nothing. When more than 1,000 items of one type match, the 1,000 newest of "
            "that type are shown: add words to narrow the search."
        ),
    )
    type = serializers.ListField(
        child=serializers.ChoiceField(choices=list(RESULT_TYPES)),
        required=False,
        help_text=(
            "Only results of this type: `topic`, `position` or `contact`. Repeat the "
            "parameter for several types (any of them matches). Default: all three."
        ),
    )


class SearchViewSet(ContentViewSet):
    """Topics, positions and contact people matching `q`, in one list. Each result is the item
    its own endpoint lists (`topics/`, `positions/`, `contacts/`) with `type` added (`topic`,
    `position` or `contact`).

    Order: topics and positions first, together, best match first (one search over both
    types, so their relevance is comparable); then contact people, best match first. Equal
    matches are ordered by id, highest first. The order is stable, so paging with `offset`
    neither repeats nor skips a result.

    Results are exactly what the endpoints of their types list: live, public, non-expired
    topics and positions and published, non-expired contact people in the requested locale.
    A word inside a position's PDF finds the position, unless the PDF is in a private
    collection.
    """

    list_params = SearchParams
    repeatable_params = ("type",)

    def use_params(self, params: dict) -> None:
        super().use_params(params)
        # Any change of an item of a searched type may add, drop or reorder results; a
        # position is also found by its PDF's text.
        kinds = params.get("type") or RESULT_TYPES
        surrogate.add(*(COLLECTIONS[kind] for kind in kinds))
        if POSITION in kinds:
            surrogate.add(COLLECTIONS[surrogate.DOCUMENT])

    def get_serializer(self, *args, **kwargs):
        # Asked for by the schema generator only: results are built by the endpoints of
        # their types (see ``results``), the proxy documents them as `oneOf` by `type`.
        return search_result_serializer(**kwargs)

    pagination_class = LimitOffsetPage

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.hits())
        composed = self.results(page)
        response = Response(RawJSON.page(self.paginator, composed["texts"]))
        response.changes_at = composed["changes_at"]
        return response

    # which results, in which order (ids only)

    def hits(self) -> list[tuple[str, int]]:
        """``(type, id)`` of every result, in the documented order."""
        if not self.languages.locale_ids:
            return []  # a configured language without any content yet
        q = self.params["q"]
        kinds = set(self.params.get("type") or RESULT_TYPES)
        if search.enabled():
            return self.ranked_hits(kinds, q)
        hits = self.page_hits([kind for kind in PAGE_MODELS if kind in kinds], q)
        if CONTACT in kinds:
            # Search runs on indexed filters only; the other conditions apply afterwards.
            contacts = Contact.objects.filter(live=True, locale_id__in=self.languages.locale_ids)
            found = search_pks(contacts, q)
            listed = self.listed(CONTACT, found)
            hits += [(CONTACT, pk) for pk in found if pk in listed]
        return hits

    def ranked_hits(self, kinds: set[str], q: str) -> list[tuple[str, int]]:
        """PostgreSQL: ranked in SQL on the entries' search column, which holds only public
        PDFs' words (``frontend_api.readmodel.search``); one query for the pages, one for
        the contact people."""
        page_kinds = [kind for kind in PAGE_MODELS if kind in kinds]
        hits = []
        for group in (page_kinds, [CONTACT] if CONTACT in kinds else []):
            if group:
                entries = [selectors.entries(kind, self.languages) for kind in group]
                hits += search.ranked(entries, q, self.languages)
        return hits

    def page_hits(self, kinds: list[str], q: str) -> list[tuple[str, int]]:
        """Visible topics and positions matching ``q``, best match first.

        One search over ``Page`` limited to the two types: the database backend searches the
        index entries of a base model's subclasses too, and ranks them against each other.
        """
        if not kinds:
            return []
        models = [PAGE_MODELS[kind] for kind in kinds]
        # Search runs on indexed filters only; the other conditions apply afterwards.
        candidates = (
            Page.objects.live().filter(locale_id__in=self.languages.locale_ids).exact_type(*models)
        )
        found = search_pks(candidates, q)
        found = without_private_pdf_matches(found, q, self.hidden_collections)
        kind_of = {pk: kind for kind in kinds for pk in self.listed(kind, found)}
        return [(kind_of[pk], pk) for pk in found if pk in kind_of]

    def listed(self, kind: str, ids: list[int]) -> set[int]:
        """Those of ``ids`` that the endpoint of ``kind`` lists: visible entries in the
        response's languages (``frontend_api.readmodel.selectors``)."""
        if not ids:
            return set()
        entries = selectors.entries(kind, self.languages).filter(object_id__in=ids)
        return set(entries.values_list("object_id", flat=True))

    # the results of one page

    def results(self, hits: list[tuple[str, int]]) -> dict:
        """The items of ``hits`` as their endpoints list them, with ``type`` first: one
        query of entries and one of their related entries per type."""
        ids_by_kind = defaultdict(list)
        for kind, pk in hits:
            ids_by_kind[kind].append(pk)
        built, changes_at = {}, None
        for kind, ids in ids_by_kind.items():
            entries = selectors.fresh(
                list(
                    selectors.entries(kind, self.languages)
                    .filter(object_id__in=ids)
                    .only(*selectors.ITEM_FIELDS)
                )
            )
            composer = Composer(entries, self.languages, ENDPOINTS[kind])
            for entry in entries:
                text = composer.compose(entry)
                built[kind, entry.object_id] = f'{{"type":{dumps(kind)},{text[1:]}'
            changes_at = composer.changes_at(changes_at)
        # An item hidden between the search and its fetch (a concurrent unpublish) is left out.
        return {"texts": [built[hit] for hit in hits if hit in built], "changes_at": changes_at}
