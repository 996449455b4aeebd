"""``limit``/``offset`` paging with absolute ``next``/``previous`` links."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import IntegerField, Subquery
from rest_framework.pagination import LimitOffsetPagination

from frontend_api.links import absolute
from frontend_api.params import DEFAULT_LIMIT, MAX_LIMIT


def count_limit() -> int:
    return int(getattr(settings, "FRONTEND_API_COUNT_LIMIT", 10_000))


class LimitOffsetPage(LimitOffsetPagination):
    """Answers ``{"count", "next", "previous", "results"}``; limits are validated earlier by
    the endpoint's parameter set, so bad values never reach here."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def _link(self, offset: int) -> str:
        query = [
            (name, value)
            for name, values in self.request.query_params.lists()
            if name not in ("limit", "offset")
            for value in values
        ]
        query.append(("limit", self.limit))
        if offset:
            query.append(("offset", offset))
        return absolute(f"{self.request.path}?{urlencode(query)}")

    def get_next_link(self):
        if self.offset + self.limit >= self.count:
            return None
        return self._link(self.offset + self.limit)

    def get_previous_link(self):
        if self.offset <= 0:
            return None
        return self._link(max(self.offset - self.limit, 0))


class EntryPage(LimitOffsetPage):
    """Pages of read-model entries.

    The page is read with one row beyond ``limit`` (so ``next`` is known without counting)
    and with the count, in one query. The count goes up to ``FRONTEND_API_COUNT_LIMIT``
    (10,000) items: past it, ``count`` says the limit and ``next`` goes on as long as items
    follow, so a list of 100,000 items is counted as fast as one of 10,000.

    ``expires`` is the moment the next of the listed kind's entries in the response's
    languages expires: the list (its count, its order) changes then. The view reads it with
    the page (an annotation ``next_expiry``), so it costs no query of its own.
    """

    expires = None

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        window = slice(self.offset, self.offset + self.limit + 1)
        # What is counted: the entries, or what the view knows to count the same (its links).
        source = getattr(view, "counted", None)
        if source is None:
            source = queryset.order_by().values("pk")
        source = source[: count_limit() + 1]
        # The count comes with the page (a subquery the database runs once).
        counted = queryset.annotate(listed_count=CountOf(source))
        if self.offset:
            # Deep pages: the skipped rows are found in the index alone, and only the page's
            # own rows are read (rows are wide: their text).
            rows = list(counted.filter(pk__in=queryset.values("pk")[window]))
        else:
            rows = list(counted[window])
        self.has_next = len(rows) > self.limit
        page = rows[: self.limit]
        self.expires = getattr(page[0], "next_expiry", None) if page else None
        if page:
            found = page[0].listed_count
        elif self.offset:  # past the end: counted on its own
            found = source.count()
        else:
            found = 0
        self.count = min(found, count_limit())
        return page

    def get_next_link(self):
        return self._link(self.offset + self.limit) if self.has_next else None


class CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))``: the rows of a (limited) queryset, counted in
    the query that reads a page."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()
