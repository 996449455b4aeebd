"""What the pages of one response link to: contact people, organisations and topics.

Many pages name the same few people and organisations. The links are read as plain pairs,
and each linked contact or organisation is then fetched and serialised once for the whole
response, however many pages name it: a fixed number of queries, and no row, model instance
or URL built twice.

A translated page keeps the links of its German source (wagtail-localize synchronises them),
so a link names its target by ``translation_key``; the target is served in the response's
languages (``frontend_api.localisation``) and left out when it has no visible version there.
The response names every linked target in its surrogate keys, shown or not: publishing a
hidden target changes the response (``frontend_api.surrogate``).
"""

from collections import defaultdict

from django.db.models import F, OuterRef, Subquery

from contacts.models import Contact, MemberOrganisation
from core.visibility import published_now
from frontend_api import surrogate
from frontend_api.localisation import Languages, in_languages
from frontend_api.serializers.contacts import contact_data
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.organisations import organisation_data
from frontend_api.serializers.pages import topic_reference_from


def _grouped(pairs, data_by_key: dict) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    for owner, key in pairs:
        if key in data_by_key:
            grouped[owner].append(data_by_key[key])
    return grouped


def visible_contacts(languages: Languages):
    """Published, non-expired contact people in the response's languages."""
    return in_languages(published_now(Contact.objects.all()), languages)


def topics_by_contact(contact_keys, visible_topics, languages: Languages) -> dict:
    """``{contact translation key: [topic reference]}``: the visible topics each contact
    person is named on, by title. A topic's links name the contact of its source language,
    so they are matched by translation key."""
    from home.models import TopicContact

    rows = (
        TopicContact.objects.filter(
            page__in=visible_topics.values("pk"), contact__translation_key__in=contact_keys
        )
        .order_by("page__title", "page_id")
        .values_list(
            "contact__translation_key",
            "page_id",
            "page__slug",
            "page__title",
            "page__locale_id",
            "page__translation_key",
        )
    )
    topics, seen = defaultdict(list), set()
    for key, page_id, slug, title, locale_id, topic_key in rows:
        # Only visible topics are read here: a topic that comes to name the contact purges
        # the contact's key itself (``frontend_api.purge``).
        surrogate.add(surrogate.item_key(surrogate.TOPIC, topic_key))
        if (key, page_id) not in seen:
            seen.add((key, page_id))
            topics[key].append(topic_reference_from(slug, title, languages.code_for(locale_id)))
    return topics


def organisations_of_contacts(contacts, languages: Languages, hidden_collections) -> dict:
    """``{organisation translation key: organisation}``: the published version of each
    contact's organisation in the contact's language, else the German one (an organisation
    whose translation is still a draft is named by its German name, not left out)."""
    keys = {contact.organisation_key for contact in contacts if contact.organisation_key}
    if not keys:
        return {}
    surrogate.add_items(surrogate.ORGANISATION, keys)
    locale_ids = {languages.requested.pk, languages.default.pk}
    organisations = (
        published_now(MemberOrganisation.objects.all())
        .filter(translation_key__in=keys, locale_id__in=locale_ids)
        .select_related("logo")
        .prefetch_related(prefetch_image_renditions("logo"))
    )
    chosen = {}
    for organisation in organisations:
        key = organisation.translation_key
        if key not in chosen or organisation.locale_id == languages.requested.pk:
            chosen[key] = organisation
    return {key: organisation_data(org, hidden_collections) for key, org in chosen.items()}


def contacts_data(contacts, *, visible_topics, hidden_collections, languages) -> dict:
    """``{contact translation key: contact}`` for ``contacts`` (fetched with
    ``with_contact_media``), each built once with its visible topics and organisation."""
    contacts = list(contacts)
    topics = topics_by_contact(
        {contact.translation_key for contact in contacts}, visible_topics, languages
    )
    organisations = organisations_of_contacts(contacts, languages, hidden_collections)
    return {
        contact.translation_key: contact_data(
            contact,
            hidden_collections,
            languages.code_of(contact),
            topics=topics.get(contact.translation_key, []),
            organisation=organisations.get(contact.organisation_key),
        )
        for contact in contacts
    }


def with_contact_media(contacts):
    """``contacts`` with photo and its renditions fetched in bulk, and the translation key
    of their organisation (see ``organisations_of_contacts``)."""
    return (
        contacts.select_related("photo")
        .prefetch_related(prefetch_image_renditions("photo"))
        .annotate(organisation_key=F("organisation__translation_key"))
    )


def contacts_by_page(
    link_model, page_ids, *, visible_topics, hidden_collections, languages
) -> dict[int, list[dict]]:
    """``{page id: [contact]}``: the published contact people of each page through
    ``link_model`` (``TopicContact``, ``PositionContact``), in the editor's order."""
    page_field = "page_id" if hasattr(link_model, "page_id") else "position_id"
    pairs = list(
        link_model.objects.filter(**{f"{page_field}__in": page_ids})
        .order_by("sort_order", "pk")
        .values_list(page_field, "contact__translation_key")
    )
    if not pairs:
        return {}
    surrogate.add_items(surrogate.CONTACT, {key for _, key in pairs})
    contacts = with_contact_media(
        visible_contacts(languages).filter(translation_key__in={key for _, key in pairs})
    )
    data = contacts_data(
        contacts,
        visible_topics=visible_topics,
        hidden_collections=hidden_collections,
        languages=languages,
    )
    return _grouped(pairs, data)


def co_signers(position_ids):
    """``(position id, organisation translation key, signed at or None)`` of the co-signers
    of each position in order: when the organisation approved the published text
    (``cosigning``; a translation shows its source's sign-offs)."""
    from cosigning.models import SignOff
    from positions.models import PositionOrganisation

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
    return (
        PositionOrganisation.objects.filter(position_id__in=position_ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "organisation__translation_key")
        .annotate(signed_at=Subquery(signed_at))
    )


def organisations_by_position(
    position_ids, *, hidden_collections, languages: Languages
) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """``({position id: [organisation]}, {position id: [signatory]})``: the co-signers of
    each position in order, and those that approved its published text (``cosigning``) with
    the time they did, read in the same query. A translation shows its source's sign-offs."""
    rows = list(co_signers(position_ids))
    if not rows:
        return {}, {}
    surrogate.add_items(surrogate.ORGANISATION, {key for _, key, _ in rows})
    organisations = (
        in_languages(published_now(MemberOrganisation.objects.all()), languages)
        .filter(translation_key__in={key for _, key, _ in rows})
        .select_related("logo")
        .prefetch_related(prefetch_image_renditions("logo"))
    )
    data = {
        org.translation_key: organisation_data(org, hidden_collections) for org in organisations
    }
    signatories = defaultdict(list)
    for position_id, key, signed in rows:
        if signed is not None and key in data:
            signatories[position_id].append(
                {"organisation": data[key], "signed_at": signed.isoformat()}
            )
    return _grouped([(position, key) for position, key, _ in rows], data), signatories


def topics_by_position(
    position_ids, *, visible_topics, languages: Languages
) -> dict[int, list[dict]]:
    """``{position id: [topic reference]}``: the visible topics of each position, in order."""
    from positions.models import PositionTopic

    pairs = list(
        PositionTopic.objects.filter(position_id__in=position_ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "topic__translation_key")
    )
    if not pairs:
        return {}
    surrogate.add_items(surrogate.TOPIC, {key for _, key in pairs})
    rows = visible_topics.filter(translation_key__in={key for _, key in pairs}).values_list(
        "translation_key", "slug", "title", "locale_id"
    )
    references = {
        key: topic_reference_from(slug, title, languages.code_for(locale_id))
        for key, slug, title, locale_id in rows
    }
    return _grouped(pairs, references)
