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

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from core.visibility import private_collection_ids
from frontend_api import surrogate
from frontend_api.localisation import Languages, default_language_code
from frontend_api.params import RequestedLocale
from frontend_api.richtext import LINK, RichTextResolver
from frontend_api.serializers.contacts import contact_data
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.organisations import organisation_data
from frontend_api.serializers.pages import topic_reference
from frontend_api.serializers.positions import position_data
from frontend_api.serializers.streamfield import BodyRenderer
from frontend_api.serializers.topics import position_summary, topic_data

SLOT = "\x1f"
# Raise whenever a change to the code changes stored text or columns: ``migrate`` then
# renders every entry again (``frontend_api.readmodel.store.ensure_current``).
RENDER_VERSION = "2026-12-07.2"
POSITION, TOPIC = surrogate.POSITION, surrogate.TOPIC
CONTACT, ORGANISATION = surrogate.CONTACT, surrogate.ORGANISATION
IMAGE, DOCUMENT, PAGE = surrogate.IMAGE, surrogate.DOCUMENT, "page"
ID = re.compile(r'\bid="(?P<id>\d+)"')


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


def _keyed(rows) -> dict[int, list]:
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


# --- positions -------------------------------------------------------------------------------


def render_positions(pks) -> list[Rendered]:
    from cosigning.models import SignOff
    from positions.models import (
        PositionContact,
        PositionOrganisation,
        PositionPage,
        PositionTopic,
    )

    batch = Batch()
    positions = list(
        PositionPage.objects.filter(pk__in=pks, live=True, alias_of__isnull=True)
        .select_related("image", "document")
        .defer("document__extracted_text")
        .prefetch_related(prefetch_image_renditions("image"))
    )
    ids = [position.pk for position in positions]
    topics = _keyed(
        PositionTopic.objects.filter(position_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "topic__translation_key")
    )
    contacts = _keyed(
        PositionContact.objects.filter(position_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "contact__translation_key")
    )
    signed_at = (
        SignOff.objects.filter(
            position__translation_key=OuterRef("position__translation_key"),
            organisation__translation_key=OuterRef("organisation__translation_key"),
            revision_id=F("position__live_revision_id"),
            approved=True,
        )
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    organisations = _keyed(
        PositionOrganisation.objects.filter(position_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "organisation__translation_key")
        .annotate(signed_at=Subquery(signed_at))
    )
    targets = {position.pk: body_targets(position.body) for position in positions}
    links = LinkTargets(set().union(*(t[0] for t in targets.values())), batch)

    rendered = []
    by_locale = defaultdict(list)
    for position in positions:
        by_locale[position.locale_id].append(position)
    for locale_id, group in by_locale.items():
        languages = batch.languages(locale_id)
        bodies = BodyRenderer(RichTextResolver(batch.hidden, languages))
        with surrogate.collecting():  # the batch's targets; each item names its own below
            bodies.prepare([position.body for position in group])
        for position in group:
            slots = Slots()
            context = {
                "languages": languages,
                "hidden_collections": batch.hidden,
                **{
                    name: slots.get(name)
                    for name in ("topics", "organisations", "signatories", "contacts")
                },
                "translations": slots.get("translations"),
            }
            with surrogate.collecting() as keys:
                data = slots.text(position_data(position, context))
                summary = dumps(position_summary(position, context))
            with surrogate.collecting() as body_keys:
                body = dumps(bodies.render(position.body))
            item = Rendered(
                kind=POSITION,
                data=data,
                body=body,
                summary=summary,
                category=position.kind,
                published=position.published,
                keys=keys,
                body_keys=body_keys,
                **page_columns(position, batch),
            )
            own_orgs = organisations.get(position.pk, [])
            item.refs = {
                "topics": [str(key) for key in topics.get(position.pk, [])],
                "organisations": [str(key) for key, _ in own_orgs],
                "signatories": [
                    [str(key), signed.isoformat()] for key, signed in own_orgs if signed
                ],
                "contacts": [str(key) for key in contacts.get(position.pk, [])],
            }
            _link_refs(item)
            if position.image_id:
                item.links.append((IMAGE, None, position.image_id))
            if position.document_id:
                item.links.append((DOCUMENT, None, position.document_id))
            links.apply(item, *targets[position.pk])
            rendered.append(item)
    return rendered


REF_KINDS = {"topics": TOPIC, "organisations": ORGANISATION, "contacts": CONTACT}


def _link_refs(item: Rendered) -> None:
    """Links (for filters and change tracking) and surrogate keys of the referenced items:
    named whether or not they are visible now, so that publishing one refreshes the item."""
    for name, kind in REF_KINDS.items():
        for key in item.refs.get(name, []):
            item.links.append((kind, key, None))
            item.keys.add(surrogate.item_key(kind, key))


# --- topics ----------------------------------------------------------------------------------


def render_topics(pks, languages: Languages | None = None) -> list[Rendered]:
    """Topics in their own language; with ``languages``, their rich-text links as a response
    in those languages resolves them (a German topic served as another language's fallback
    links that language's pages where there are some)."""
    from home.models import TopicContact, TopicPage

    batch = Batch()
    topics = list(
        TopicPage.objects.filter(pk__in=pks, live=True, alias_of__isnull=True)
        .select_related("image")
        .prefetch_related(prefetch_image_renditions("image"))
    )
    contacts = _keyed(
        TopicContact.objects.filter(page_id__in=[topic.pk for topic in topics])
        .order_by("sort_order", "pk")
        .values_list("page_id", "contact__translation_key")
    )
    targets = {topic.pk: body_targets(topic.body) for topic in topics}
    intros = {topic.pk: body_targets(None, topic.intro) for topic in topics}
    linked = set().union(*(t[0] for t in (*targets.values(), *intros.values())))
    links = LinkTargets(linked, batch)
    by_locale = defaultdict(list)
    for topic in topics:
        by_locale[topic.locale_id].append(topic)
    rendered = []
    for locale_id, group in by_locale.items():
        own = batch.languages(locale_id)
        resolver = RichTextResolver(batch.hidden, languages or own)
        bodies = BodyRenderer(resolver)
        with surrogate.collecting():  # the batch's targets; each item names its own below
            for topic in group:
                resolver.collect(topic.intro)
            bodies.prepare([topic.body for topic in group])
        for topic in group:
            slots = Slots()
            context = {
                "languages": own,
                "hidden_collections": batch.hidden,
                "richtext": resolver,
                "contacts": slots.get("contacts"),
                "translations": slots.get("translations"),
            }
            with surrogate.collecting() as keys:
                data = slots.text(topic_data(topic, context))
            with surrogate.collecting() as body_keys:
                body = dumps(bodies.render(topic.body))
            item = Rendered(
                kind=TOPIC,
                data=data,
                body=body,
                summary=dumps(topic_reference(topic, own.requested.code)),
                refs={"contacts": [str(key) for key in contacts.get(topic.pk, [])]},
                keys=keys,
                body_keys=body_keys,
                **page_columns(topic, batch),
            )
            # Served in another language, the links of its intro may lead elsewhere.
            item.refs["localised_links"] = bool(intros[topic.pk][0] or targets[topic.pk][0])
            _link_refs(item)
            if topic.image_id:
                item.links.append((IMAGE, None, topic.image_id))
            links.apply(item, *intros[topic.pk], body=False)
            links.apply(item, *targets[topic.pk])
            rendered.append(item)
    return rendered


# --- contacts and organisations --------------------------------------------------------------


def render_contacts(pks) -> list[Rendered]:
    from contacts.models import Contact

    batch = Batch()
    contacts = (
        Contact.objects.filter(pk__in=pks, live=True)
        .select_related("photo")
        .prefetch_related(prefetch_image_renditions("photo"))
        .annotate(organisation_key=F("organisation__translation_key"))
    )
    rendered = []
    for contact in contacts:
        slots = Slots()
        with surrogate.collecting() as keys:
            data = contact_data(
                contact,
                batch.hidden,
                batch.codes.get(contact.locale_id),
                topics=slots("topics"),
                organisation=slots("organisation"),
            )
        organisation = str(contact.organisation_key) if contact.organisation_key else None
        item = Rendered(
            kind=CONTACT,
            object_id=contact.pk,
            translation_key=contact.translation_key,
            locale_id=contact.locale_id,
            data=slots.text(data),
            slug=contact.key,
            title=contact.family_name[:255],
            subtitle=contact.given_name[:255],
            expire_at=contact.expire_at,
            refs={"organisation": organisation},
            keys=keys,
        )
        if organisation:
            item.links.append((ORGANISATION, organisation, None))
            item.keys.add(surrogate.item_key(ORGANISATION, organisation))
        if contact.photo_id:
            item.links.append((IMAGE, None, contact.photo_id))
        rendered.append(item)
    return rendered


def render_organisations(pks) -> list[Rendered]:
    from contacts.models import MemberOrganisation

    batch = Batch()
    organisations = (
        MemberOrganisation.objects.filter(pk__in=pks, live=True)
        .select_related("logo")
        .prefetch_related(prefetch_image_renditions("logo"))
    )
    rendered = []
    for organisation in organisations:
        with surrogate.collecting() as keys:
            data = dumps(organisation_data(organisation, batch.hidden))
        item = Rendered(
            kind=ORGANISATION,
            object_id=organisation.pk,
            translation_key=organisation.translation_key,
            locale_id=organisation.locale_id,
            data=data,
            slug=organisation.key,
            title=organisation.name[:255],
            expire_at=organisation.expire_at,
            keys=keys,
        )
        if organisation.logo_id:
            item.links.append((IMAGE, None, organisation.logo_id))
        rendered.append(item)
    return rendered


RENDERERS = {
    POSITION: render_positions,
    TOPIC: render_topics,
    CONTACT: render_contacts,
    ORGANISATION: render_organisations,
}
