"""What every API view shares: read-only, anonymous, strict parameters, problem errors."""

from __future__ import annotations

import json
from functools import cached_property

from django.utils import translation
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from core.visibility import private_collection_ids
from frontend_api import surrogate
from frontend_api.cache import CachedResponseMixin
from frontend_api.localisation import api_visible, in_languages, languages_for
from frontend_api.pagination import LimitOffsetPage
from frontend_api.params import ListParams, LocaleParams, validate_params


class RawJSON:
    """A response body that is JSON text already (composed from the read model): rendered
    as it is, not serialised again."""

    def __init__(self, text: str):
        self.text = text

    @classmethod
    def page(cls, paginator, results: list[str]) -> RawJSON:
        """``{"count", "next", "previous", "results"}`` of one page of ``paginator``."""
        links = [
            json.dumps(link) for link in (paginator.get_next_link(), paginator.get_previous_link())
        ]
        return cls(
            f'{{"count":{paginator.count},"next":{links[0]},"previous":{links[1]},'
            f'"results":[{",".join(results)}]}}'
        )


class UTF8JSONRenderer(JSONRenderer):
    """JSON with non-ASCII characters as they are ("Rückkehr", not "R\\u00fcckkehr")."""

    charset = "utf-8"
    ensure_ascii = False

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RawJSON):
            return data.text.encode()
        return super().render(data, accepted_media_type, renderer_context)


class EnglishMessagesMixin:
    """Error messages are for developers and name English parameters: always English."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)


class PublicAPIView(CachedResponseMixin, EnglishMessagesMixin, APIView):
    """Base of the API's plain views: anonymous, read-only JSON."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [UTF8JSONRenderer]


class ContentViewSet(CachedResponseMixin, EnglishMessagesMixin, viewsets.ReadOnlyModelViewSet):
    """Base of the content endpoints.

    Subclasses declare ``list_params``/``detail_params`` (serializers of query parameters)
    and implement ``get_list_queryset(params)``/``get_detail_queryset(params)``.
    ``collection_key`` names their list in its ``Surrogate-Key``; ``filter_keys`` the
    collection each filter reads (``{"topic": "topics"}``), whose changes change the list.
    """

    authentication_classes = []
    permission_classes = []
    renderer_classes = [UTF8JSONRenderer]
    pagination_class = LimitOffsetPage
    list_params = ListParams
    detail_params = LocaleParams
    repeatable_params: tuple[str, ...] = ()
    collection_key = ""
    filter_keys: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        # A method the endpoint does not serve answers 405 whatever the query holds: the
        # parameters are those of GET, and `POST ?q=x` must not read as a bad parameter.
        if getattr(self, request.method.lower(), None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        # OPTIONS describes the GET of the same path: it takes that GET's parameters (none of
        # them required), so `OPTIONS search/?q=x` is as valid as `GET search/?q=x`.
        options = request.method == "OPTIONS"
        action = self.action_map.get("get") if options else self.action
        params_class = self.list_params if action == "list" else self.detail_params
        params = validate_params(request, params_class, self.repeatable_params, partial=options)
        self.use_params(params)

    def use_params(self, params: dict) -> None:
        """Answer in the languages of validated ``params`` (also used by the embeds, which
        read content through these views with parameters of their own)."""
        self.params = params
        self.languages = languages_for(params)
        surrogate.add_languages(self.languages)
        if self.action == "list":
            surrogate.add(self.collection_key)
            surrogate.add(*(key for name, key in self.filter_keys.items() if params.get(name)))

    @cached_property
    def hidden_collections(self) -> frozenset[int]:
        """Collections whose images and documents are private (read when first needed)."""
        return private_collection_ids()

    def visible_topics(self):
        """Live, public, non-expired topics in the response's languages.

        Built once per request: making it reads the page view restrictions, and several
        filters and prefetches of one response use it.
        """
        if not hasattr(self, "_visible_topics"):
            from home.models import TopicPage

            self._visible_topics = in_languages(
                api_visible(TopicPage.objects.all()), self.languages
            )
        return self._visible_topics

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["hidden_collections"] = self.hidden_collections
        context["languages"] = getattr(self, "languages", None)
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        languages = getattr(self, "languages", None)
        if languages is not None and response.status_code == 200:
            response["Content-Language"] = languages.content_language
        return response

    def get_queryset(self):
        if self.action == "list":
            return self.get_list_queryset(self.params)
        return self.get_detail_queryset(self.params)

    def get_list_queryset(self, params):
        raise NotImplementedError

    def get_detail_queryset(self, params):
        return self.get_list_queryset(params)
