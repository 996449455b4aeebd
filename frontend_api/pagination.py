"""``limit``/``offset`` paging with absolute ``next``/``previous`` links."""

from urllib.parse import urlencode

from django.conf import settings
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

    The page is read first, one row beyond ``limit``: whether a next page exists is known
    without counting, and a page that ends the list tells the count without a query. Only a
    list with more items than the page is counted, and at most up to ``COUNT_LIMIT`` items
    (``FRONTEND_API_COUNT_LIMIT``, 10,000): past it, ``count`` says the limit and ``next`` goes
    on as long as items follow, so counting a list of 100,000 items costs what counting
    10,000 does.

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
        if self.offset:
            # Deep pages: the skipped rows are found in the index alone, and only the page's
            # own rows are read (rows are wide: their text).
            rows = list(queryset.filter(pk__in=queryset.values("pk")[window]))
        else:
            rows = list(queryset[window])
        self.has_next = len(rows) > self.limit
        page = rows[: self.limit]
        self.expires = getattr(page[0], "next_expiry", None) if page else None
        if page and not self.has_next:
            # The page ends the list (the count still never says more than the limit).
            self.count = min(self.offset + len(page), count_limit())
        elif not page and not self.offset:
            self.count = 0
        else:
            self.count = self.counted(queryset)
        return page

    def counted(self, queryset) -> int:
        limit = count_limit()
        found = queryset.order_by().values("pk")[: limit + 1].count()
        return min(found, limit)

    def get_next_link(self):
        return self._link(self.offset + self.limit) if self.has_next else None
