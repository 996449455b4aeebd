"""What the public may see: one definition used by templates, feeds and the API."""

from django.db.models import Q
from django.utils import timezone


def not_expired(prefix: str = "") -> Q:
    """Pages whose ``expire_at`` lies in the past are hidden at once, before the scheduler
    has unpublished them. ``prefix`` reaches the field through a relation (``"contact__"``)."""
    return Q(**{f"{prefix}expire_at__isnull": True}) | Q(
        **{f"{prefix}expire_at__gt": timezone.now()}
    )


def has_expired(item) -> bool:
    """``item`` (a page or snippet) is past its ``expire_at``: the opposite of ``not_expired``."""
    expire_at = getattr(item, "expire_at", None)
    return expire_at is not None and expire_at <= timezone.now()


def publicly_visible(queryset):
    """Restrict a page queryset to live, public, non-expired pages."""
    return queryset.live().public().filter(not_expired())


def published_now(queryset, prefix: str = ""):
    """Restrict a queryset of a publishable snippet (contacts) to published, non-expired
    objects: like pages, an ``expire_at`` in the past hides it before the scheduler runs.
    ``prefix`` filters rows that point at the snippet (``"contact__"`` on a topic's links)."""
    return queryset.filter(not_expired(prefix), **{f"{prefix}live": True})


def public_page_ids(page_ids) -> set[int]:
    """Those of ``page_ids`` that the public may see (rich-text link targets on the site)."""
    from wagtail.models import Page

    return set(publicly_visible(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))


def private_collection_ids() -> frozenset[int]:
    """Ids of collections with a view restriction, and of every collection below them.

    Images and documents in these collections are never shown to the public: not as an item,
    not inside another item, not as a rich-text link target. Two queries per call.
    """
    from wagtail.models import Collection, CollectionViewRestriction

    restricted = list(
        Collection.objects.filter(
            pk__in=CollectionViewRestriction.objects.values("collection_id")
        ).values_list("path", flat=True)
    )
    if not restricted:
        return frozenset()
    query = Q()
    for path in restricted:
        query |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(query).values_list("pk", flat=True))


def is_public_document(document, hidden_collections: frozenset[int] | None = None) -> bool:
    """A document the public may download: not in a private collection. Pass
    ``private_collection_ids()`` when asking for several documents (two queries each call)."""
    if document is None:
        return False
    if hidden_collections is None:
        hidden_collections = private_collection_ids()
    return document.collection_id not in hidden_collections
