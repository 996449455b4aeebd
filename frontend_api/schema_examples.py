"""Examples for the OpenAPI schema, derived from the response schemas themselves."""

from __future__ import annotations

import uuid

from drf_spectacular.plumbing import ResolvedComponent

from core.renditions import image_renditions
from frontend_api.links import public_base_url

API_PREFIX = "/api/v1/"


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
    "heading": {"text": "Was wir fordern"},
    "quote": {
        "text": "<p>Beratung ist ein Menschenrecht.</p>",
        "attribution": "LIGA der Freien Wohlfahrtspflege in Sachsen",
    },
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
    "caption": "Foto: LIGA Sachsen",
    "count": 57,
}
EXAMPLE_DATE = "2020-07-21"
EXAMPLE_DATETIME = "2024-03-05T14:30:00+01:00"
# Ids of StreamField blocks are UUIDs; derived from a counter so the schema stays the same.
EXAMPLE_UUID_NAMESPACE = uuid.UUID("6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f")
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
        self.uuids = 0

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
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return next((choice for choice in schema["enum"] if choice not in ("", None)), None)
        kind = _main_type(schema)
        if kind == "object" or "properties" in schema:
            return self.object_value(schema, subject, depth)
        if kind == "array":
            items = schema.get("items", {})
            return [
                self.value(item, name, subject, depth + 1)
                for item in self.alternatives(items) or [items]
            ]
        return self.scalar(schema, name, subject)

    def alternatives(self, schema: dict) -> list[dict]:
        """The ``oneOf`` of a discriminated union (StreamField blocks): a list of them shows
        one item of each kind rather than only the first kind."""
        if "$ref" in schema:
            schema = self.component(schema["$ref"])[1]
        return schema.get("oneOf", []) if schema.get("discriminator") else []

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
        if fmt == "uuid":
            self.uuids += 1
            return str(uuid.uuid5(EXAMPLE_UUID_NAMESPACE, str(self.uuids)))
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
