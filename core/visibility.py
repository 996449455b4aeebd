"""What the public may see: one definition used by templates, feeds and the API."""

from django.db.models import Q
from django.utils import timezone


def not_expired() -> Q:
    """Pages whose ``expire_at`` lies in the past are hidden at once, before the scheduler
    has unpublished them."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def publicly_visible(queryset):
    """Restrict a page queryset to live, public, non-expired pages."""
    return queryset.live().public().filter(not_expired())


def published_now(queryset):
    """Restrict a queryset of a publishable snippet (contacts) to published, non-expired
    objects: like pages, an ``expire_at`` in the past hides it before the scheduler runs."""
    return queryset.filter(not_expired(), live=True)


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
