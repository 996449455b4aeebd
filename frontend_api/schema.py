"""The OpenAPI 3 schema of the content API, generated from the code by drf-spectacular.

Nothing here needs a decorator on the views. Each endpoint is documented from what it
declares anyway:

- query parameters from its parameter serializer (``list_params``/``detail_params`` and
  ``repeatable_params`` of a ``ContentViewSet``; the same attributes on a ``PublicAPIView``),
  the very declaration that validates the request, so documentation and validation cannot
  drift apart; repeatable parameters become ``explode=True`` arrays;
- responses from its ``serializer_class`` (``get_serializer_class()`` per action), lists
  wrapped in the ``{count, next, previous, results}`` envelope;
- the errors every endpoint answers (400, 404 for details, 405) as RFC 9457 ``Problem``
  bodies with the media type ``application/problem+json``;
- an example for each response: problems are built with ``frontend_api.errors.problem``,
  content examples are derived from the response schema itself.

``SchemaView`` (``schema/``) and ``DocsView`` (``docs/``, Swagger UI from our own static
files through ``drf-spectacular-sidecar``) serve them; both take the API's strict parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from wagtail.coreutils import get_supported_content_language_variant

from frontend_api.links import public_base_url
from frontend_api.pagination import count_limit
from frontend_api.params import (
    DEFAULT_LIMIT,
    LocaleParams,
    content_language_codes,
    validate_params,
)
from frontend_api.schema_examples import API_PREFIX, SUBJECT_BY_ENDPOINT, ExampleBuilder
from frontend_api.schema_problems import problem_responses
from frontend_api.views.base import ContentViewSet, EnglishMessagesMixin, PublicAPIView

# --- what a view declares ------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredParams:
    """The query parameters of one operation and whether it answers a list."""

    serializer: type[serializers.Serializer]
    repeatable: tuple[str, ...]
    is_list: bool


def declared_params(view) -> DeclaredParams | None:
    """What ``view`` (as set up by the schema generator for one operation) accepts."""
    repeatable = tuple(getattr(view, "repeatable_params", ()) or ())
    if isinstance(view, ContentViewSet):
        if getattr(view, "action", None) == "list":
            return DeclaredParams(view.list_params, repeatable, is_list=True)
        return DeclaredParams(view.detail_params, repeatable, is_list=False)
    if isinstance(view, PublicAPIView):
        list_params = getattr(view, "list_params", None)
        if list_params is not None:
            return DeclaredParams(list_params, repeatable, is_list=True)
        detail_params = getattr(view, "detail_params", None)
        if detail_params is not None:
            return DeclaredParams(detail_params, repeatable, is_list=False)
        warn(
            f"{type(view).__name__} declares no `list_params` or `detail_params`: its "
            "query parameters and errors are not documented."
        )
        return None
    return None


# --- the list envelope ---------------------------------------------------------------------


class ListEnvelope:
    """Stands in for the paginator while the schema is built: the ``{count, next, previous,
    results}`` envelope of ``LimitOffsetPage`` with every key always present, and no
    parameters of its own (``limit``/``offset`` come from the declared parameters)."""

    EXAMPLE_COUNT = 57

    def __init__(self, path: str):
        self.path = path

    def _page_url(self, offset: int) -> str:
        query = f"limit={DEFAULT_LIMIT}" + (f"&offset={offset}" if offset else "")
        return f"{public_base_url()}{self.path}?{query}"

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": (
                        f"Number of items in the whole list, counted up to {count_limit():,}: "
                        f"a longer list says {count_limit():,}, and `next` leads on as long "
                        "as items follow."
                    ),
                    "example": self.EXAMPLE_COUNT,
                },
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "Absolute URL of the next page; `null` on the last page.",
                    "example": self._page_url(2 * DEFAULT_LIMIT),
                },
                "previous": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "Absolute URL of the previous page; `null` on the first.",
                    "example": self._page_url(0),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return []


# --- the schema class ----------------------------------------------------------------------


class ContentAPISchema(AutoSchema):
    """``DEFAULT_SCHEMA_CLASS`` of the project: documents each endpoint from its declared
    parameters, its serializer, its errors, with examples (see the module docstring)."""

    def declared(self) -> DeclaredParams | None:
        return declared_params(self.view)

    # parameters

    def get_override_parameters(self):
        declared = self.declared()
        if declared is None:
            return super().get_override_parameters()
        return self.query_parameters(declared) + super().get_override_parameters()

    def query_parameters(self, declared: DeclaredParams) -> list[OpenApiParameter]:
        params = force_instance(declared.serializer)
        mapped = self._map_serializer(params, "request")
        required = set(mapped.get("required", []))
        result = []
        for name, schema in mapped.get("properties", {}).items():
            schema = dict(schema)
            description = schema.pop("description", None)
            self._add_conventions(name, schema)
            if not description and schema.get("enum"):
                description = "One of " + ", ".join(f"`{c}`" for c in schema["enum"]) + "."
            repeatable = name in declared.repeatable
            if repeatable:
                if schema.get("type") != "array":
                    schema = {"type": "array", "items": schema}
                if "repeat" not in (description or "").lower():
                    hint = f"Repeatable: `{name}=a&{name}=b`."
                    description = f"{description} {hint}" if description else hint
            field = params.fields.get(name)
            result.append(
                OpenApiParameter(
                    name=name,
                    type=schema,
                    location=OpenApiParameter.QUERY,
                    required=name in required,
                    description=description or "",
                    style="form" if repeatable else None,
                    explode=True if repeatable else None,
                    allow_blank=getattr(field, "allow_blank", True),
                )
            )
        return result

    @staticmethod
    def _add_conventions(name: str, schema: dict) -> None:
        """What ``params.py`` and ``pagination.py`` know but a serializer field does not say."""
        if name == "locale" and "enum" not in schema:
            schema["enum"] = content_language_codes()
            schema.setdefault(
                "default", get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
        elif name == "limit":
            schema.setdefault("default", DEFAULT_LIMIT)
        elif name == "offset":
            schema.setdefault("default", 0)

    def _get_pagination_parameters(self):
        return [] if self.declared() is not None else super()._get_pagination_parameters()

    def _resolve_path_parameters(self, variables):
        """Path parameters with what they name; numeric ids as integers."""
        parameters = super()._resolve_path_parameters(variables)
        subject = self.subject()
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "string" and schema.get("pattern") in (r"^[0-9]+$", r"^\d+$"):
                parameter["schema"] = {"type": "integer", "minimum": 0}
            parameter.setdefault(
                "description", f"The `{parameter['name']}` of the {subject}, as in its `api_url`."
            )
        return parameters

    def subject(self) -> str:
        """``organisation`` for ``/api/v1/organisations/…``: what the endpoint serves."""
        tokens = self._tokenize_path()
        return SUBJECT_BY_ENDPOINT.get(tokens[0] if tokens else "", "item")

    # lists

    def _is_list_view(self, serializer=None) -> bool:
        declared = self.declared()
        if declared is not None:
            return declared.is_list
        return super()._is_list_view(serializer)

    def _get_paginator(self):
        declared = self.declared()
        if declared is not None:
            return ListEnvelope(self.path) if declared.is_list else None
        return super()._get_paginator()

    # responses

    def get_response_serializers(self):
        success = super().get_response_serializers()
        declared = self.declared()
        if declared is None:
            return success
        names = list(force_instance(declared.serializer).fields)
        errors = problem_responses(names, declared.is_list)
        if isinstance(success, dict):
            return {**errors, **success}
        if is_serializer(success):
            success = OpenApiResponse(
                success,
                description=(
                    "A page of the list: `count`, `next`, `previous` and `results`."
                    if declared.is_list
                    else f"The {self.subject()}."
                ),
            )
        return {200: success, **errors}

    def _get_examples(self, serializer, direction, media_type, status_code=None, extras=None):
        examples = super()._get_examples(serializer, direction, media_type, status_code, extras)
        if examples or direction != "response" or not is_serializer(serializer):
            return examples
        if not status_code or not status_code.startswith("2"):
            return examples
        component = self.resolve_serializer(serializer, direction)
        if not component:
            return examples
        builder = ExampleBuilder(self.registry, self.subject())
        value = builder.value(component.ref)
        example = OpenApiExample(
            "example", summary="An example answer", value=value, status_codes=[status_code]
        )
        return super()._get_examples(serializer, direction, media_type, status_code, [example])


def only_api_endpoints(endpoints):
    """Preprocessing hook: the schema documents the content API, not whatever else the
    URLconf serves with DRF (e.g. wagtail-localize's admin views)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


# --- the views serving them ----------------------------------------------------------------

# Importing drf_spectacular.views reads DEFAULT_SCHEMA_CLASS, which is ContentAPISchema above:
# it is imported here, once that class exists, so the two modules can load in either order.
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView  # noqa: E402


class SchemaParams(LocaleParams):
    """``format`` of the schema; ``locale`` is accepted (the schema is in English)."""

    format = serializers.ChoiceField(
        choices=["yaml", "json"], required=False, help_text="`yaml` (default) or `json`."
    )


class DocsParams(LocaleParams):
    """The docs take ``locale`` (ignored: they are in English) and nothing else."""


class SchemaView(EnglishMessagesMixin, SpectacularAPIView):
    """``schema/``: the OpenAPI 3 schema, YAML by default, JSON with ``?format=json``."""

    def initial(self, request, *args, **kwargs):
        validate_params(request, SchemaParams)  # before content negotiation reads `format`
        super().initial(request, *args, **kwargs)


class DocsView(EnglishMessagesMixin, SpectacularSwaggerView):
    """``docs/``: Swagger UI, its scripts and styles served from our static files."""

    url_name = "frontend_api:schema"

    def initial(self, request, *args, **kwargs):
        validate_params(request, DocsParams)
        super().initial(request, *args, **kwargs)
