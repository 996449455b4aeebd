"""What the pages of one response link to: contact people, organisations and topics.

Many pages name the same few people and organisations. The links are read as plain id pairs,
and each linked contact or organisation is then fetched and serialised once for the whole
response, however many pages name it: a fixed number of queries, and no row, model instance
or URL built twice.
"""

from collections import defaultdict

from contacts.models import Contact, MemberOrganisation
from core.visibility import published_now
from frontend_api.serializers.contacts import contact_data, prefetch_visible_topic_links
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.organisations import organisation_data
from frontend_api.serializers.pages import topic_reference_from


def _grouped(pairs, data_by_id: dict) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    for page_id, related_id in pairs:
        if related_id in data_by_id:
            grouped[page_id].append(data_by_id[related_id])
    return grouped


def contacts_by_page(
    link_model, page_ids, *, visible_topics, hidden_collections, locale_code
) -> dict[int, list[dict]]:
    """``{page id: [contact]}``: the published contact people of each page through
    ``link_model`` (``TopicContact``, ``PositionContact``), in the editor's order."""
    page_field = "page_id" if hasattr(link_model, "page_id") else "position_id"
    pairs = list(
        link_model.objects.filter(
            **{f"{page_field}__in": page_ids},
            contact__in=published_now(Contact.objects.all()),
        )
        .order_by("sort_order", "pk")
        .values_list(page_field, "contact_id")
    )
    if not pairs:
        return {}
    contacts = (
        Contact.objects.filter(pk__in={contact_id for _, contact_id in pairs})
        .select_related("organisation__logo", "photo")
        .prefetch_related(
            prefetch_visible_topic_links(visible_topics),
            prefetch_image_renditions("photo"),
            prefetch_image_renditions("organisation__logo"),
        )
    )
    data = {
        contact.pk: contact_data(contact, hidden_collections, locale_code) for contact in contacts
    }
    return _grouped(pairs, data)


def organisations_by_position(position_ids, *, hidden_collections) -> dict[int, list[dict]]:
    """``{position id: [organisation]}``: the co-signers of each position, in order."""
    from positions.models import PositionOrganisation

    pairs = list(
        PositionOrganisation.objects.filter(position_id__in=position_ids)
        .order_by("sort_order", "pk")
        .values_list("position_id", "organisation_id")
    )
    if not pairs:
        return {}
    organisations = (
        MemberOrganisation.objects.filter(pk__in={org_id for _, org_id in pairs})
        .select_related("logo")
        .prefetch_related(prefetch_image_renditions("logo"))
    )
    data = {org.pk: organisation_data(org, hidden_collections) for org in organisations}
    return _grouped(pairs, data)


def topics_by_position(position_ids, *, visible_topics, locale_code) -> dict[int, list[dict]]:
    """``{position id: [topic reference]}``: the visible topics of each position, in order."""
    from positions.models import PositionTopic

    rows = (
        PositionTopic.objects.filter(position_id__in=position_ids, topic__in=visible_topics)
        .order_by("sort_order", "pk")
        .values_list("position_id", "topic__slug", "topic__title")
    )
    grouped = defaultdict(list)
    references = {}
    for position_id, slug, title in rows:
        if slug not in references:
            references[slug] = topic_reference_from(slug, title, locale_code)
        grouped[position_id].append(references[slug])
    return grouped
