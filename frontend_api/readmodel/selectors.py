"""Which entries a request may see, and the position list's filters: plain functions that
the views, and anything else serving entries, call.

Visibility at read time is the part of the API's one rule (``core.visibility``) that changes
without an edit: an ``expire_at`` that has passed hides an entry at once; a page below a view
restriction is ``restricted`` (kept exact in the transaction that changes a restriction).
Drafts, unpublished and scheduled content and aliases never have an entry.
"""

from __future__ import annotations

from django.db.models import Subquery, Value
from django.utils import timezone

from core.visibility import not_expired
from frontend_api import surrogate
from frontend_api.localisation import Languages, in_languages
from frontend_api.models import Entry, EntryLink
from frontend_api.params import ListParams
from frontend_api.readmodel import maintain, store

ORDERINGS = {
    "-published": ("-published", "-object_id"),
    "published": ("published", "object_id"),
    "title": ("title", "object_id"),
}
# A page of items reads only these: the columns the list filters on stay out of it.
ITEM_FIELDS = (
    "kind",
    "object_id",
    "translation_key",
    "locale_id",
    "slug",
    "data",
    "refs",
    "keys",
    "expire_at",
    "refresh_after",
)


def visible(entries):
    """Entries the public may see now (or links of such entries: they carry its visibility)."""
    return entries.filter(not_expired(), restricted=False)


def next_expiry(kind: str, languages: Languages) -> Subquery:
    """When the next visible entry of ``kind`` in the response's locales expires (a list of
    them may change then): a subquery, read with a list's page (in the same query)."""
    upcoming = visible(Entry.objects.filter(kind=kind, locale_id__in=languages.locale_ids))
    upcoming = upcoming.filter(expire_at__isnull=False).order_by("expire_at")
    return Subquery(upcoming.values("expire_at")[:1])


def entries(kind: str, languages: Languages):
    """Visible entries of ``kind`` in the response's languages (the requested locale, with
    fallback also the default locale's items that have no visible translation)."""
    maintain.flush()  # changes this thread made and has not committed yet
    return in_languages(visible(Entry.objects.filter(kind=kind)), languages)


def linked_to(kind: str, rel: str, keys):
    """Ids of the entries of ``kind`` linking any of ``keys`` (translation keys) as ``rel``."""
    return EntryLink.objects.filter(rel=rel, kind=kind, key__in=keys).values("entry_id")


def named_keys(params: dict, languages: Languages) -> dict[str, list]:
    """The translation keys that the ``topic`` and ``organisation`` filters name, in one
    query: the topics with these slugs in the response's languages (a position names the
    topics of its source language: matched by key), the organisation with this key (its
    translations share it).

    Read before the list, so that its query holds them as values: the database then knows
    how many entries link each (an organisation co-signs a third of all papers, a topic a
    fortieth) and picks its plan by that, not by an average.
    """
    from contacts.models import MemberOrganisation

    parts = []
    if params.get("topic"):
        topics = entries(surrogate.TOPIC, languages).filter(slug__in=params["topic"])
        parts.append(
            topics.annotate(rel=Value(surrogate.TOPIC)).values_list("rel", "translation_key")
        )
    if params.get("organisation"):
        organisations = MemberOrganisation.objects.filter(key=params["organisation"]).order_by()
        parts.append(
            organisations.annotate(rel=Value(surrogate.ORGANISATION)).values_list(
                "rel", "translation_key"
            )
        )
    named = {}
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for rel, key in rows:
            named.setdefault(rel, []).append(key)
    return named


def linking(entries, kind: str, rel: str, keys: list):
    """``entries`` (of ``kind``) that link any of ``keys`` (translation keys) as ``rel``."""
    return entries.filter(pk__in=linked_to(kind, rel, keys))


def contacts_of_topic(contacts, slug: str, languages: Languages):
    """The contact people named by the visible topic ``slug`` in the response's languages
    (a topic's links name the contacts of its source language: matched by key)."""
    topics = entries(surrogate.TOPIC, languages).filter(slug=slug)
    named = EntryLink.objects.filter(
        rel=surrogate.CONTACT, kind=surrogate.TOPIC, entry__in=topics.values("pk")
    )
    return contacts.filter(translation_key__in=named.values("key"))


def filter_positions(positions, params: dict, named: dict):
    """``positions/``'s filters (all but ``q``) on visible position entries; ``named``: the
    keys the filters name (``named_keys``)."""
    for rel in (surrogate.TOPIC, surrogate.ORGANISATION):
        if params.get(rel):
            positions = linking(positions, surrogate.POSITION, rel, named.get(rel, []))
    if params.get("kind"):
        positions = positions.filter(category=params["kind"])
    if params.get("published_after"):
        positions = positions.filter(published__gte=params["published_after"])
    if params.get("published_before"):
        positions = positions.filter(published__lte=params["published_before"])
    return positions


# Parameters every list takes (language, paging) and the order: they never narrow a list.
# Any other parameter is a filter, so a filter added later is never counted past.
NOT_NARROWING = frozenset({*ListParams().fields, "ordering"})


def counted_by_links(params: dict, languages: Languages, named: dict):
    """What to count instead of the positions, when one related item alone narrows them (a
    topic or an organisation, no fallback): the visible links to it, which an index holds
    with their entry's locale and visibility. Counting them reads no entry (an organisation
    co-signs a third of 100,000 papers: 60 ms of row visits, 2 ms from the index). None when
    the entries must be counted."""
    used = [name for name, value in params.items() if value and name not in NOT_NARROWING]
    if languages.fallback is not None or used not in (["topic"], ["organisation"]):
        return None
    rel = used[0]
    keys = named.get(rel, [])
    # Links carry their entry's visibility: the same rule applies to them.
    links = visible(
        EntryLink.objects.filter(
            rel=rel, kind=surrogate.POSITION, key__in=keys, locale_id=languages.requested.pk
        )
    ).values("entry_id")
    # Several topics: a paper naming two of them is one paper.
    return links.distinct() if len(keys) > 1 else links


def ordered(positions, ordering: str | None):
    return positions.order_by(*ORDERINGS[ordering or "-published"])


def fresh(page: list[Entry], fields=ITEM_FIELDS) -> list[Entry]:
    """``page`` with any entry whose stored text has outlived a link target rendered anew
    (a rich-text link to a page that has expired since must lose its href now)."""
    now = timezone.now()
    stale = [entry for entry in page if entry.refresh_after and entry.refresh_after <= now]
    if not stale:
        return page
    stale_keys = {(entry.kind, entry.object_id) for entry in stale}
    renewed = {}
    for kind in {kind for kind, _ in stale_keys}:
        ids = [object_id for stale_kind, object_id in stale_keys if stale_kind == kind]
        store.render(kind, ids)
        for entry in Entry.objects.filter(kind=kind, object_id__in=ids).only(*fields):
            renewed[(kind, entry.object_id)] = entry
    result = []
    for entry in page:
        key = (entry.kind, entry.object_id)
        if key not in stale_keys:
            result.append(entry)
        elif key in renewed:
            result.append(renewed[key])
    return result
