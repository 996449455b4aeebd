"""Rendering entries: each item as the API shows it, built once per change.

The stored text comes from the same builders the rest of the API uses (``position_data``,
``contact_data``, ``organisation_data``, ``topic_reference``): the representation is declared
once. What a response composes from other entries (a position's topics, co-signers, contact
people and translations; a contact's organisation and topics) is left as a *slot*: the builder
receives a placeholder, and the stored text holds ``SLOT name SLOT`` where the composed JSON
goes (``frontend_api.readmodel.compose``). ``SLOT`` is a control character, which JSON text
never holds unescaped, so no content can forge one.

Renderers work in batches (a change renders one item; ``rebuild_api_entries`` renders them
all), with a fixed number of queries per batch.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from core.visibility import private_collection_ids
from frontend_api import surrogate
from frontend_api.localisation import Languages, default_language_code
from frontend_api.params import RequestedLocale
from frontend_api.richtext import LINK

SLOT = "\x1f"
# Raise whenever a change to the code changes stored text or columns: ``migrate`` then
# renders every entry again (``frontend_api.readmodel.store.ensure_current``).
RENDER_VERSION = "2026-12-07.3"
POSITION, TOPIC = surrogate.POSITION, surrogate.TOPIC
CONTACT, ORGANISATION = surrogate.CONTACT, surrogate.ORGANISATION
IMAGE, DOCUMENT, PAGE = surrogate.IMAGE, surrogate.DOCUMENT, "page"
ID = re.compile(r'\bid="(?P<id>\d+)"')


# Settings that go into the stored text (absolute URLs, renditions, languages).
RENDERED_SETTINGS = (
    "PUBLIC_BASE_URL",
    "MEDIA_URL",
    "STORAGES",
    "LIGA_IMAGE_RENDITIONS",
    "LANGUAGE_CODE",
    "WAGTAIL_CONTENT_LANGUAGES",
)


def render_signature() -> str:
    """The code's ``RENDER_VERSION`` and the settings the stored text depends on: entries
    rendered under another signature are rendered anew (``store.ensure_current``)."""
    from django.conf import settings

    parts = [RENDER_VERSION, *(repr(getattr(settings, name, None)) for name in RENDERED_SETTINGS)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def dumps(data) -> str:
    """JSON text exactly as the API's renderer writes it (DRF's compact form, non-ASCII kept,
    U+2028/U+2029 escaped for JavaScript)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class Slots:
    """Placeholders for the composed fields of one rendering; the token is fresh each time,
    so no stored content can contain it."""

    def __init__(self):
        self.token = uuid.uuid4().hex
        self.pattern = re.compile(rf'"\\u001f{self.token}:(\w+)"')

    def __call__(self, name: str) -> str:
        return f"{SLOT}{self.token}:{name}"

    def get(self, name: str):
        """A stand-in for ``{id: [items]}`` in a builder's context: every lookup a slot."""
        return _SlotLookup(self(name))

    def text(self, data) -> str:
        return self.pattern.sub(lambda m: f"{SLOT}{m.group(1)}{SLOT}", dumps(data))


@dataclass
class _SlotLookup:
    placeholder: str

    def get(self, _key, _default=None):
        return self.placeholder

    def for_page(self, _page):
        return self.placeholder


@dataclass
class Rendered:
    """One entry's columns, text and links, ready to store."""

    kind: str
    object_id: int
    translation_key: uuid.UUID
    locale_id: int
    data: str
    slug: str = ""
    title: str = ""
    subtitle: str = ""
    category: str = ""
    published: object = None
    path: str = ""
    url_path: str = ""
    expire_at: object = None
    restricted: bool = False
    refresh_after: object = None
    body: str = ""
    refs: dict = field(default_factory=dict)
    summary: str = ""
    keys: set = field(default_factory=set)
    body_keys: set = field(default_factory=set)
    links: list = field(default_factory=list)  # (rel, key, object_id)
    # The words search finds it by (``frontend_api.readmodel.search.SearchText``); none for
    # kinds that are not searched.
    search: object = None

    @property
    def version(self) -> str:
        digest = hashlib.sha256()
        for part in (self.data, self.body, self.summary, dumps(self.refs)):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()[:32]


class Batch:
    """What every item of one batch shares: locales, private collections, restrictions."""

    def __init__(self):
        self.codes = dict(Locale.objects.values_list("pk", "language_code"))
        default_code = default_language_code()
        pk_of = {code: pk for pk, code in self.codes.items()}
        self.default = RequestedLocale(code=default_code, pk=pk_of.get(default_code))
        self.hidden = private_collection_ids()
        self.restricted_paths = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        self.now = timezone.now()

    def languages(self, locale_id: int) -> Languages:
        """The languages of a response in the item's own locale."""
        requested = RequestedLocale(code=self.codes.get(locale_id, ""), pk=locale_id)
        return Languages(requested=requested, fallback=None, codes=self.codes, default=self.default)

    def is_restricted(self, path: str) -> bool:
        return any(path.startswith(restricted) for restricted in self.restricted_paths)


def keyed(rows) -> dict[int, list]:
    grouped = defaultdict(list)
    for owner, *rest in rows:
        grouped[owner].append(rest[0] if len(rest) == 1 else tuple(rest))
    return grouped


def page_columns(page, batch: Batch) -> dict:
    return {
        "object_id": page.pk,
        "translation_key": page.translation_key,
        "locale_id": page.locale_id,
        "slug": page.slug,
        "title": page.title[:255],
        "path": page.path,
        "url_path": page.url_path,
        "expire_at": page.expire_at,
        "restricted": batch.is_restricted(page.path),
    }


# --- rich text: the targets of one body -----------------------------------------------------


def html_targets(html: str, pages: set, documents: set) -> None:
    """Add the ids of the pages and documents that rich text ``html`` links."""
    for match in LINK.finditer(html or ""):
        found = ID.search(match.group("attrs") + match.group("rest"))
        if found:
            target = pages if match.group("type") == "page" else documents
            target.add(int(found.group("id")))


def body_targets(body, *html) -> tuple[set, set, set]:
    """``(page ids, document ids, image ids)`` that a StreamField body (and rich text
    ``html`` beside it) links or shows."""
    pages, documents, images = set(), set(), set()
    for text in html:
        html_targets(text, pages, documents)
    for block in body.raw_data if body is not None else ():
        value = block["value"]
        if block["type"] == "paragraph":
            html_targets(value, pages, documents)
        elif block["type"] == "quote":
            html_targets(value.get("text", ""), pages, documents)
        elif block["type"] == "image" and value.get("image"):
            images.add(value["image"])
        elif block["type"] == "document" and value.get("document"):
            documents.add(value["document"])
    return pages, documents, images


class LinkTargets:
    """The rich-text link targets of a batch: each page's kind and translation key, and
    when a visible target expires (the body then has to be rendered again)."""

    def __init__(self, page_ids: set[int], batch: Batch):
        rows = Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "translation_key", "content_type__app_label", "content_type__model"
        )
        self.pages = {
            pk: (key, surrogate.KINDS.get(f"{app}.{model}")) for pk, key, app, model in rows
        }
        expiring = Page.objects.filter(
            translation_key__in={key for key, _ in self.pages.values()},
            live=True,
            expire_at__gt=batch.now,
        ).values_list("translation_key", "expire_at")
        self.expiry = defaultdict(list)
        for key, moment in expiring:
            self.expiry[key].append(moment)

    def apply(self, rendered: Rendered, page_ids, document_ids, image_ids, body=True) -> None:
        """Links and keys of the targets of ``rendered``'s body (``body``) or list text."""
        keys = rendered.body_keys if body else rendered.keys
        moments = [rendered.refresh_after] if rendered.refresh_after else []
        for pk in page_ids:
            key, kind = self.pages.get(pk, (None, None))
            rendered.links.append((PAGE, key, pk))
            if kind is not None:
                keys.add(surrogate.item_key(kind, key))
            moments.extend(self.expiry.get(key, []))
        for pk in document_ids:
            rendered.links.append((DOCUMENT, None, pk))
            keys.add(surrogate.item_key(DOCUMENT, pk))
        for pk in image_ids:
            rendered.links.append((IMAGE, None, pk))
        rendered.refresh_after = min(moments, default=None)


REF_KINDS = {"topics": TOPIC, "organisations": ORGANISATION, "contacts": CONTACT}


def link_refs(item: Rendered) -> None:
    """Links (for filters and change tracking) and surrogate keys of the referenced items:
    named whether or not they are visible now, so that publishing one refreshes the item."""
    for name, kind in REF_KINDS.items():
        for key in item.refs.get(name, []):
            item.links.append((kind, key, None))
            item.keys.add(surrogate.item_key(kind, key))
