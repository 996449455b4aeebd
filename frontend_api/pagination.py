"""``limit``/``offset`` paging with absolute ``next``/``previous`` links."""

from urllib.parse import urlencode

from django.db.models import Count, Min
from rest_framework.pagination import LimitOffsetPagination

from frontend_api.links import absolute
from frontend_api.params import DEFAULT_LIMIT, MAX_LIMIT


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
    """Pages of read-model entries: the count comes with the moment the next of the listed
    entries expires (``expires``), in the same query; the list changes then."""

    expires = None

    def get_count(self, queryset):
        found = queryset.order_by().aggregate(count=Count("pk"), expires=Min("expire_at"))
        self.expires = found["expires"]
        return found["count"]
