"""Contact people in the API.

``contact_data`` builds one contact from what the view fetched in bulk: the organisation and
photo by ``select_related``, renditions and the visible topics by prefetching (see
``prefetch_visible_topic_links``), so it never queries the database itself.
"""

from django.db.models import Prefetch
from rest_framework import serializers

from frontend_api.links import api_url, locale_query
from frontend_api.serializers.media import ImageSerializer, image_data
from frontend_api.serializers.organisations import OrganisationSerializer, organisation_data
from frontend_api.serializers.pages import TopicReferenceSerializer, topic_reference

# Where ``prefetch_visible_topic_links`` puts a contact's links to visible topics.
VISIBLE_TOPIC_LINKS = "visible_topic_links"


def prefetch_visible_topic_links(visible_topics, lookup: str = "topic_links") -> Prefetch:
    """A ``Prefetch`` of the ``TopicContact`` rows at ``lookup`` whose topic is in
    ``visible_topics`` (a queryset of live, public, non-expired topics in one locale), each
    with its topic, ordered by topic title."""
    from home.models import TopicContact

    links = (
        TopicContact.objects.filter(page__in=visible_topics.values("pk"))
        .select_related("page")
        .only("contact_id", "page__slug", "page__title")
        .order_by("page__title", "page_id")
    )
    return Prefetch(lookup, queryset=links, to_attr=VISIBLE_TOPIC_LINKS)


def contact_topics_data(contact, locale_code: str | None = None) -> list[dict]:
    """``[{slug, title, api_url}]`` of the prefetched visible topics, each once; a contact
    fetched without ``prefetch_visible_topic_links`` shows none."""
    topics, seen = [], set()
    for link in getattr(contact, VISIBLE_TOPIC_LINKS, ()):
        if link.page_id not in seen:
            seen.add(link.page_id)
            topics.append(topic_reference(link.page, locale_code))
    return topics


def contact_data(
    contact, hidden_collections: frozenset = frozenset(), locale_code: str | None = None
) -> dict:
    """One contact person. ``locale_code`` is the requested locale, carried on in API links
    when it is not the default one."""
    organisation = contact.organisation
    return {
        "id": contact.pk,
        "name": contact.name,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "honorific": contact.honorific,
        "role": contact.role,
        "organisation": (
            organisation_data(organisation, hidden_collections) if organisation else None
        ),
        "email": contact.email,
        "phone": contact.phone,
        "phone_e164": contact.phone_e164,
        "photo": image_data(contact.photo, contact.photo_alt, hidden_collections),
        "topics": contact_topics_data(contact, locale_code),
        "api_url": api_url("contacts-detail", contact.pk, query=locale_query(locale_code)),
    }


class ContactSerializer(serializers.Serializer):
    """A contact person of the LIGA or a member organisation."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Display name with honorific: “Dr. Maria Lehmann”.")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    honorific = serializers.CharField(allow_blank=True, help_text="e.g. “Dr.”; may be empty.")
    role = serializers.CharField(allow_blank=True)
    organisation = OrganisationSerializer(allow_null=True)
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(
        allow_blank=True, help_text="As it should be shown: “0351 82871-152”."
    )
    phone_e164 = serializers.CharField(
        allow_blank=True, help_text="The same number in E.164 form for `tel:` links."
    )
    photo = ImageSerializer(allow_null=True)
    topics = TopicReferenceSerializer(
        many=True, help_text="Visible topics in the requested locale, by title."
    )
    api_url = serializers.URLField()

    def to_representation(self, instance):
        locale = self.context.get("locale")
        return contact_data(
            instance, self.context["hidden_collections"], locale.code if locale else None
        )
