"""The items of a sync page, built by the content endpoints' own views.

A full sync walks the four kinds in a fixed order, each by id (a keyset, so items published
meanwhile neither shift nor repeat a page); a delta reads the change log
(``integration.models.ChangeEvent``) after a cursor. Either way the items are built exactly
as the list endpoints build them (their querysets, which decide visibility, and their
response contexts), plus ``type``.
"""

from __future__ import annotations

from frontend_api.serializers.organisations import organisation_data
from frontend_api.views.contacts import ContactViewSet
from frontend_api.views.organisations import OrganisationViewSet
from frontend_api.views.positions import PositionViewSet
from frontend_api.views.topics import TopicViewSet

# The order of a full sync: what positions refer to comes first.
KINDS = ("organisation", "topic", "contact", "position")
LIST_VIEWS = {
    "organisation": OrganisationViewSet,
    "topic": TopicViewSet,
    "contact": ContactViewSet,
    "position": PositionViewSet,
}
# What identifies an item besides its id, for tombstones (contacts have no slug).
IDENTITY_FIELD = {"position": "slug", "topic": "slug", "organisation": "key"}


class KindReader:
    """One kind's list view, set up for a locale, reading items by id."""

    def __init__(self, kind: str, request, params: dict):
        self.kind = kind
        self.view = LIST_VIEWS[kind](
            request=request, action="list", format_kwarg=None, args=(), kwargs={}
        )
        self.view.use_params(params)
        self.queryset = self.view.get_list_queryset(self.view.params)

    def page_after(self, after_pk: int, size: int) -> list:
        """Up to ``size`` + 1 visible items with an id above ``after_pk``, by id."""
        return list(self.queryset.filter(pk__gt=after_pk).order_by("pk")[: size + 1])

    def with_ids(self, ids) -> list:
        return list(self.queryset.filter(pk__in=ids).order_by("pk"))

    def data(self, items: list) -> list[dict]:
        """The list representation of ``items`` plus ``type``."""
        if not items:
            return []
        if self.kind == "organisation":
            hidden = self.view.hidden_collections
            # The organisation list is keyed by ``key``; a mirror needs the id tombstones carry.
            built = [{"id": item.pk, **organisation_data(item, hidden)} for item in items]
        else:
            context = self.view.response_context(items, detail=False)
            built = [self.view.item_data(item, context, False) for item in items]
        return [{"type": self.kind, **item} for item in built]


def tombstone(event) -> dict:
    """``{type, id, slug|key, locale, deleted_at}`` of an item that is gone."""
    data = {"type": event.object_type, "id": event.object_id}
    field = IDENTITY_FIELD.get(event.object_type)
    if field:
        data[field] = event.slug
    data["locale"] = event.locale
    data["deleted_at"] = event.occurred_at.isoformat()
    return data


def full_page(request, params: dict, kind_index: int, after_pk: int, size: int):
    """Items of a full sync from position (``kind_index``, ``after_pk``): ``(items,
    next position or None when the full sync is done)``."""
    items: list[dict] = []
    while kind_index < len(KINDS):
        reader = KindReader(KINDS[kind_index], request, params)
        found = reader.page_after(after_pk, size - len(items))
        more = len(found) > size - len(items)
        found = found[: size - len(items)]
        items.extend(reader.data(found))
        if more:
            return items, (kind_index, found[-1].pk)
        kind_index, after_pk = kind_index + 1, 0
        if len(items) >= size:
            break
    return items, ((kind_index, 0) if kind_index < len(KINDS) else None)


def delta_page(request, params: dict, events: list) -> tuple[list[dict], list[dict]]:
    """Items and tombstones for ``events`` (oldest first): each object once, as it is now."""
    latest = {}
    for event in events:
        latest.pop((event.object_type, event.object_id), None)
        latest[(event.object_type, event.object_id)] = event
    items: list[dict] = []
    deleted: list[dict] = []
    for kind in KINDS:
        changed = [e for (k, _pk), e in latest.items() if k == kind]
        if not changed:
            continue
        reader = KindReader(kind, request, params)
        wanted = [e.object_id for e in changed if e.is_published]
        visible = {item.pk: item for item in reader.with_ids(wanted)} if wanted else {}
        items.extend(reader.data([visible[e.object_id] for e in changed if e.object_id in visible]))
        # Unpublished, deleted, or published but not visible (private, expired): gone.
        deleted.extend(tombstone(e) for e in changed if e.object_id not in visible)
    return items, deleted
