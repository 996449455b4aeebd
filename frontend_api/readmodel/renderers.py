"""The renderers of each kind: positions, topics, contacts, organisations.

Each takes object ids and returns their entries (``frontend_api.readmodel.render.Rendered``)
with a fixed number of queries per batch: an object that is not live (or an alias) renders
nothing and so loses its entry.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from core.visibility import is_public_document
from frontend_api import surrogate
from frontend_api.localisation import Languages
from frontend_api.readmodel.render import (
    CONTACT,
    DOCUMENT,
    IMAGE,
    ORGANISATION,
    POSITION,
    TOPIC,
    Batch,
    LinkTargets,
    Rendered,
    Slots,
    body_targets,
    dumps,
    keyed,
    link_refs,
    page_columns,
)
from frontend_api.readmodel.search import search_text
from frontend_api.related import co_signers
from frontend_api.richtext import RichTextResolver
from frontend_api.serializers.contacts import contact_data
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.organisations import organisation_data
from frontend_api.serializers.pages import topic_reference
from frontend_api.serializers.positions import position_data
from frontend_api.serializers.streamfield import BodyRenderer
from frontend_api.serializers.topics import position_summary, topic_data

# --- positions -------------------------------------------------------------------------------


def render_positions(pks) -> list[Rendered]:
    from positions.models import (
        PositionContact,
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
    topics = keyed(
        PositionTopic.objects.filter(position_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "topic__translation_key")
    )
    contacts = keyed(
        PositionContact.objects.filter(position_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "contact__translation_key")
    )
    organisations = keyed(co_signers(ids))
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
                search=search_text(
                    position,
                    languages.requested.code,
                    a=("title",),
                    b=("teaser",),
                    c=("body",),
                    # A private PDF's words never find the paper.
                    document_id=position.document_id
                    if is_public_document(position.document, batch.hidden)
                    else None,
                ),
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
            link_refs(item)
            if position.image_id:
                item.links.append((IMAGE, None, position.image_id))
            if position.document_id:
                item.links.append((DOCUMENT, None, position.document_id))
            links.apply(item, *targets[position.pk])
            rendered.append(item)
    return rendered


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
    contacts = keyed(
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
                search=search_text(
                    topic, own.requested.code, a=("title",), b=("intro",), c=("body",)
                ),
                **page_columns(topic, batch),
            )
            # Served in another language, the links of its intro may lead elsewhere.
            item.refs["localised_links"] = bool(intros[topic.pk][0] or targets[topic.pk][0])
            link_refs(item)
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
            search=search_text(
                contact,
                batch.codes.get(contact.locale_id, ""),
                a=("given_name", "family_name"),
                b=("role",),
            ),
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
