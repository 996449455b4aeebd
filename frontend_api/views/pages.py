"""What the topic and position endpoints share: slugs in paths, search, list and detail."""

from django.http import Http404
from rest_framework.response import Response

from frontend_api.views.base import ContentViewSet

# Wagtail allows Unicode slugs (``übergänge``) by default; slugs never contain "/" or ".".
SLUG_IN_PATH = r"[-\w]+"


def get_page_by_slug(queryset, slug: str):
    """The page with ``slug`` in ``queryset``, else 404.

    Slugs are unique among siblings only: two sites (or two indexes) may each have a page
    ``x`` in the same locale. The first in tree order answers rather than a 500.
    """
    page = queryset.filter(slug=slug).order_by("path").first()
    if page is None:
        raise Http404
    return page


class PageViewSet(ContentViewSet):
    """Base of the page endpoints: items by slug, serialised by ``item_data`` with a context
    that ``response_context`` builds once for all items of a response."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH

    def item_data(self, item, context: dict, detail: bool) -> dict:
        raise NotImplementedError

    def response_context(self, items, detail: bool) -> dict:
        raise NotImplementedError

    def get_object(self):
        return get_page_by_slug(self.get_queryset(), self.kwargs["slug"])

    def list(self, request, *args, **kwargs):
        listed = self.get_queryset()
        # The ids of the page come first from a narrow query (filters and sort only); then
        # only those rows are fetched with all their columns and relations. Sorting whole
        # joined rows to keep 20 of them costs several times more.
        ids = self.paginate_queryset(listed.prefetch_related(None).values_list("pk", flat=True))
        page = list(listed.filter(pk__in=ids)) if ids else []
        context = self.response_context(page, detail=False)
        return self.get_paginated_response([self.item_data(i, context, False) for i in page])

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        context = self.response_context([item], detail=True)
        return Response(self.item_data(item, context, True))
