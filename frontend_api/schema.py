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
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from wagtail.coreutils import get_supported_content_language_variant

from core.renditions import image_renditions
from frontend_api.errors import PROBLEM_CONTENT_TYPE, problem
from frontend_api.links import public_base_url
from frontend_api.params import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    LocaleParams,
    content_language_codes,
    validate_params,
)
from frontend_api.views.base import ContentViewSet, EnglishMessagesMixin, PublicAPIView

API_PREFIX = "/api/v1/"


# --- problems ------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details), answered as `application/problem+json`."""

    type = serializers.CharField(
        help_text="URI reference of the problem type; `about:blank`: the status says it all."
    )
    title = serializers.CharField(help_text="The HTTP status phrase, e.g. `Bad Request`.")
    status = serializers.IntegerField(
        min_value=400, max_value=599, help_text="The HTTP status code."
    )
    detail = serializers.CharField(help_text="What went wrong, in English.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400 only: each invalid parameter with its messages (in English).",
    )


def _problem_example(name: str, summary: str, body: dict) -> OpenApiExample:
    return OpenApiExample(name, summary=summary, value=body, media_type=PROBLEM_CONTENT_TYPE)


def _bad_request_examples(param_names: list[str], is_list: bool) -> list[OpenApiExample]:
    codes = content_language_codes()
    examples = [
        _problem_example(
            "unknown parameter",
            "A parameter the endpoint does not take (e.g. a typo)",
            problem(400, "Invalid query parameters: sort.", {"sort": ["Unknown parameter."]}),
        ),
    ]
    if "locale" in param_names:
        message = f'Unknown locale "xx". Available: {", ".join(codes)}.'
        examples.append(
            _problem_example(
                "unknown locale",
                "A locale that is not a content language",
                problem(400, "Invalid query parameters: locale.", {"locale": [message]}),
            )
        )
    if is_list and "limit" in param_names:
        message = f"Ensure this value is less than or equal to {MAX_LIMIT}."
        examples.append(
            _problem_example(
                "limit too large",
                f"A `limit` over {MAX_LIMIT}",
                problem(400, "Invalid query parameters: limit.", {"limit": [message]}),
            )
        )
    return examples


def problem_responses(param_names: list[str], is_list: bool) -> dict:
    """The error responses of one GET operation, keyed for ``get_response_serializers``."""
    responses = {
        (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description=(
                "Bad query parameters: an unknown parameter, a bad value, a single-value "
                "parameter given twice, an unknown locale"
                + (f" or a `limit` over {MAX_LIMIT}" if is_list else "")
                + ". `errors` names each parameter."
            ),
            examples=_bad_request_examples(param_names, is_list),
        ),
    }
    if not is_list:
        responses[(404, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            ProblemSerializer,
            description="No such object visible in the requested locale.",
            examples=[
                _problem_example("not found", "A missing object", problem(404, "Not found."))
            ],
        )
    responses[(405, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
        ProblemSerializer,
        description=(
            "The API is read-only: any method other than GET, HEAD and OPTIONS on this path "
            "answers 405."
        ),
        examples=[
            _problem_example(
                "method not allowed",
                "E.g. a POST",
                problem(405, 'Method "POST" not allowed.'),
            )
        ],
    )
    return responses


# --- what a view declares ------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredParams:
    """The query parameters of one operation and whether it answers a list."""

    serializer: type[serializers.Serializer]
    repeatable: tuple[str, ...]
    is_list: bool


def _undeclared_public_views() -> dict:
    """Plain views that validate their parameters inline without declaring them; documented
    here until they declare ``list_params`` like the others."""
    from frontend_api.views.locales import LocaleListView, LocaleParamsNoLocale

    return {LocaleListView: DeclaredParams(LocaleParamsNoLocale, (), is_list=True)}


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
        known = _undeclared_public_views().get(type(view))
        if known is None:
            warn(
                f"{type(view).__name__} declares no `list_params` or `detail_params`: its "
                "query parameters and errors are not documented."
            )
        return known
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
                    "description": "Number of items in the whole list.",
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


# --- examples from schemas -----------------------------------------------------------------

# Values of typical fields, by the subject of the object they are in (guessed from the
# component's name or the property holding it, else from the endpoint), then for any subject.
SUBJECT_VALUES = {
    "topic": {
        "id": 12,
        "slug": "flucht-und-migration",
        "title": "Flucht und Migration",
        "path": "themen/flucht-und-migration/",
    },
    "position": {
        "id": 345,
        "slug": "rueckkehrberatung",
        "title": "Rückkehrberatung: unabhängig und ergebnisoffen",
        "teaser": "Die LIGA fordert eine unabhängige, ergebnisoffene Rückkehrberatung.",
        "path": "positionen/rueckkehrberatung/",
    },
    "contact": {"id": 42, "name": "Dr. Maria Lehmann"},
    "organisation": {
        "key": "paritaet",
        "name": "Der Paritätische Sachsen",
        "short_name": "Paritätischer",
    },
    "document": {"title": "Positionspapier Rückkehrberatung"},
    "locale": {"code": "de", "name": "German", "native_name": "Deutsch"},
    "translation": {"locale": "en"},
    "image": {"file": "beratung.jpg", "width": 1200, "height": 800},
    "logo": {"file": "logo-paritaet.png", "width": 480, "height": 240},
    "photo": {"file": "maria-lehmann.jpg", "width": 600, "height": 800},
}
IMAGE_ALTS = {
    "image": "Symbolbild: Beratungsgespräch",
    "logo": "Logo Der Paritätische Sachsen",
    "photo": "Dr. Maria Lehmann",
}
SUBJECT_API_PATH = {
    "topic": "topics/flucht-und-migration/",
    "position": "positions/rueckkehrberatung/",
    "contact": "contacts/42/",
    "organisation": "organisations/paritaet/",
}
SUBJECT_BY_ENDPOINT = {
    "topics": "topic",
    "positions": "position",
    "contacts": "contact",
    "organisations": "organisation",
    "locales": "locale",
    "search": "position",
}
FIELD_VALUES = {
    "id": 42,
    "slug": "rueckkehrberatung",
    "key": "paritaet",
    "title": "Rückkehrberatung: unabhängig und ergebnisoffen",
    "name": "Dr. Maria Lehmann",
    "given_name": "Maria",
    "family_name": "Lehmann",
    "honorific": "Dr.",
    "role": "Referentin Migration",
    "email": "maria.lehmann@example.org",
    "phone": "0351 82871-152",
    "phone_e164": "+4935182871152",
    "short_name": "Paritätischer",
    "website": "https://www.example.org/",
    "size_bytes": 245760,
    "pages": 4,
    "content_type": "application/pdf",
    "locale": "de",
    "code": "de",
    "direction": "ltr",
    "is_default": True,
    "teaser": "Die LIGA fordert eine unabhängige, ergebnisoffene Rückkehrberatung.",
    "intro": '<p>Die LIGA setzt sich für <a href="https://www.example.org/">faire Verfahren</a> '
    "ein.</p>",
    "type": "paragraph",
    "value": "<p>Die Beratung muss unabhängig sein.</p>",
    "count": 57,
}
EXAMPLE_DATE = "2020-07-21"
EXAMPLE_DATETIME = "2024-03-05T14:30:00+01:00"
SUBJECTS = tuple(SUBJECT_VALUES) + ("rendition",)


def _subject_of(component_name: str, fallback: str) -> str:
    """``ContactTopic`` → ``topic``: the last subject named in a component's name."""
    lowered = component_name.lower()
    found = [(lowered.rfind(subject), subject) for subject in SUBJECTS if subject in lowered]
    return max(found)[1] if found else fallback


def _main_type(schema: dict) -> str | None:
    """``string`` for ``type: [string, "null"]`` (OpenAPI 3.1)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        return next((item for item in kind if item != "null"), None)
    return kind


class ExampleBuilder:
    """Builds a plausible example value from a response schema (resolving ``$ref`` through the
    registry of components built so far)."""

    def __init__(self, registry, subject: str):
        self.registry = registry
        self.subject = subject  # what the endpoint serves
        self.base = public_base_url()

    def component(self, ref: str) -> tuple[str, dict]:
        name = ref.rsplit("/", 1)[-1]
        try:
            return name, self.registry[(name, ResolvedComponent.SCHEMA)].schema
        except KeyError:
            return name, {}

    def value(self, schema: dict, name: str = "", subject: str | None = None, depth: int = 0):
        subject = subject or self.subject
        if depth > 40:  # serializers do not nest this deep; a cycle would
            return None
        if "$ref" in schema:
            component_name, resolved = self.component(schema["$ref"])
            inner = _subject_of(component_name, subject)
            if inner == "image" and name in IMAGE_ALTS:
                inner = name  # a logo or a portrait photo
            return self.value(resolved, name, inner, depth + 1)
        for combined in ("allOf", "oneOf", "anyOf"):
            if schema.get(combined):
                return self.value(schema[combined][0], name, subject, depth + 1)
        if "example" in schema:
            return schema["example"]
        if schema.get("enum"):
            return next((choice for choice in schema["enum"] if choice not in ("", None)), None)
        kind = _main_type(schema)
        if kind == "object" or "properties" in schema:
            return self.object_value(schema, subject, depth)
        if kind == "array":
            return [self.value(schema.get("items", {}), name, subject, depth + 1)]
        return self.scalar(schema, name, subject)

    def object_value(self, schema: dict, subject: str, depth: int) -> dict:
        result = {}
        for prop, prop_schema in schema.get("properties", {}).items():
            if self._is_rendition_map(prop_schema):
                result[prop] = self.renditions(subject)
            else:
                result[prop] = self.value(prop_schema, prop, subject, depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and not result:
            result["key"] = self.value(extra, "", subject, depth + 1)
        return result

    @staticmethod
    def _is_rendition_map(schema: dict) -> bool:
        extra = schema.get("additionalProperties")
        return isinstance(extra, dict) and _subject_of(extra.get("$ref", ""), "") == "rendition"

    def image(self, subject: str) -> dict:
        return SUBJECT_VALUES.get(subject, SUBJECT_VALUES["image"])

    def renditions(self, subject: str) -> dict:
        """Two named renditions of the image, the WebP one a file of its own."""
        image = self.image(subject)
        stem, extension = image["file"].rsplit(".", 1)
        result = {}
        for name, spec in image_renditions().items():
            if name not in ("medium", "medium_webp"):
                continue
            scale = min(1, 960 / image["width"], 960 / image["height"])
            file_extension = "webp" if "format-webp" in spec else extension
            result[name] = {
                "url": f"{self.base}/media/images/{stem}.{spec.replace('|', '.')}.{file_extension}",
                "width": round(image["width"] * scale),
                "height": round(image["height"] * scale),
            }
        return result

    def scalar(self, schema: dict, name: str, subject: str):
        kind, fmt = _main_type(schema), schema.get("format")
        if fmt == "date":
            return EXAMPLE_DATE
        if fmt == "date-time":
            return EXAMPLE_DATETIME
        if kind == "string" and (fmt == "uri" or name.endswith("url") or name == "website"):
            return self.url(name, subject)
        if fmt == "email":
            return FIELD_VALUES["email"]
        if subject in IMAGE_ALTS and name in ("alt", "width", "height"):
            return IMAGE_ALTS[subject] if name == "alt" else self.image(subject)[name]
        values = {**FIELD_VALUES, **SUBJECT_VALUES.get(subject, {})}
        if name in values and self._fits(kind, values[name]):
            return values[name]
        if kind == "integer":
            return 1
        if kind == "number":
            return 1.5
        if kind == "boolean":
            return True
        return "<p>…</p>" if name in ("body", "html") else "…"

    @staticmethod
    def _fits(kind, value) -> bool:
        expected = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
        return kind is None or isinstance(value, expected.get(kind, object))

    def url(self, name: str, subject: str) -> str:
        if name == "website":
            return FIELD_VALUES["website"]
        if name == "api_url":
            if subject == "translation":
                path = SUBJECT_API_PATH.get(self.subject, "")
                return f"{self.base}{API_PREFIX}{path}?locale=en"
            return f"{self.base}{API_PREFIX}{SUBJECT_API_PATH.get(subject, '')}"
        if subject in IMAGE_ALTS:
            return f"{self.base}/media/original_images/{self.image(subject)['file']}"
        if subject == "document":
            return f"{self.base}/documents/7/positionspapier-rueckkehrberatung.pdf"
        path = SUBJECT_VALUES.get(subject, {}).get("path", "")
        return f"{self.base}/{path}"


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
