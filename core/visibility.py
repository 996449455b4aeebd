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
