"""``sync/``: a member site mirrors the hub, first in full, then by deltas.

``GET sync/?locale=de`` starts a full sync; each page links the next (``next_page_url``)
until the last carries ``next_sync_url``, which later answers only what changed since, read
from the change log (``integration.models.ChangeEvent``), with tombstones for what is gone.
The position in the walk is a signed token (``django.core.signing``): clients cannot forge
one, and its timestamp dates it: a token older than ``SYNC_TOKEN_MAX_AGE`` (30 days) answers
410 (start over). A bad token answers 400.

Not served from the response cache: each token URL is fetched once by one client, so a cache
would only fill up, and a delta must never be older than the change log it reads.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Max
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from frontend_api.cache import CachedResponseMixin
from frontend_api.errors import InvalidParameters
from frontend_api.links import api_url
from frontend_api.localisation import default_language_code
from frontend_api.params import LocaleParams, validate_params
from frontend_api.schema_sync import SyncPageSerializer, SyncSchema
from frontend_api.sync import delta_page, full_page
from frontend_api.views.base import PublicAPIView
from integration.models import ChangeEvent

TOKEN_SALT = "liga.sync"  # noqa: S105 - a namespace for signing, not a secret
DEFAULT_PAGE_SIZE = 100
DEFAULT_TOKEN_MAX_AGE = timedelta(days=30)


class SyncParams(LocaleParams):
    """``locale`` and the ``token`` of a page or delta (from ``next_page_url`` or
    ``next_sync_url``); no ``fallback``: a mirror holds one language."""

    fallback = None
    token = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="Continues a sync: taken from `next_page_url` or `next_sync_url` as it is.",
    )


class SyncTokenExpired(exceptions.APIException):
    status_code = 410
    default_detail = "This sync token is older than 30 days: start a full sync again."
    default_code = "gone"


def page_size() -> int:
    return int(getattr(settings, "SYNC_PAGE_SIZE", DEFAULT_PAGE_SIZE))


def read_token(token: str, locale_code: str) -> dict:
    max_age = getattr(settings, "SYNC_TOKEN_MAX_AGE", DEFAULT_TOKEN_MAX_AGE)
    try:
        state = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise SyncTokenExpired() from exc
    except signing.BadSignature as exc:
        raise InvalidParameters({"token": ["Not a sync token of this hub."]}) from exc
    if state.get("l") != locale_code:
        raise InvalidParameters({"token": ["This token belongs to another locale."]})
    return state


def sync_url(locale_code: str, **state) -> str:
    token = signing.dumps({"l": locale_code, **state}, salt=TOKEN_SALT, compress=True)
    return api_url("sync", query={"locale": locale_code, "token": token})


class SyncView(PublicAPIView):
    """Full sync, then deltas with tombstones, of one locale's public content."""

    detail_params = SyncParams
    serializer_class = SyncPageSerializer
    schema = SyncSchema()

    def dispatch(self, request, *args, **kwargs):
        # Past the response cache (see the module docstring), not past the English messages.
        return super(CachedResponseMixin, self).dispatch(request, *args, **kwargs)

    def get(self, request):
        params = validate_params(request, SyncParams)
        token = params.pop("token", None)
        view_params = {"locale": params.get("locale")} if params.get("locale") else {}
        locale_code = params.get("locale") or default_language_code()
        state = read_token(token, locale_code) if token else None
        if state is None or "k" in state:
            data = self.full(request, view_params, locale_code, state)
        else:
            data = self.delta(request, view_params, locale_code, state["c"])
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response

    def full(self, request, params: dict, locale_code: str, state: dict | None) -> dict:
        if state is None:
            # Changes from now on are the first delta's: the full sync may see some of them
            # too, which a delta repeating an item as it is now makes harmless.
            cursor = ChangeEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            state = {"k": 0, "a": 0, "c": cursor}
        items, position = full_page(request, params, state["k"], state["a"], page_size())
        data = {"items": items, "deleted": []}
        if position is None:
            data["next_sync_url"] = sync_url(locale_code, c=state["c"])
        else:
            data["next_page_url"] = sync_url(
                locale_code, k=position[0], a=position[1], c=state["c"]
            )
        return data

    def delta(self, request, params: dict, locale_code: str, cursor: int) -> dict:
        size = page_size()
        events = list(
            ChangeEvent.objects.filter(locale=locale_code, pk__gt=cursor).order_by("pk")[:size]
        )
        items, deleted = delta_page(request, params, events)
        data = {"items": items, "deleted": deleted}
        last = events[-1].pk if events else cursor
        key = "next_page_url" if len(events) == size else "next_sync_url"
        data[key] = sync_url(locale_code, c=last)
        return data
