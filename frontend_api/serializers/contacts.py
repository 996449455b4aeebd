"""Contact people in the API.

``contact_data`` builds one contact from what the view fetched in bulk (organisation and
photo with their renditions, and the topics; see ``frontend_api.related``), so it never
queries the database itself.
"""

from rest_framework import serializers

from frontend_api import surrogate
from frontend_api.links import api_url, locale_query
from frontend_api.serializers.media import ImageSerializer, image_data
from frontend_api.serializers.organisations import OrganisationSerializer
from frontend_api.serializers.pages import TopicReferenceSerializer


def contact_data(
    contact,
    hidden_collections: frozenset = frozenset(),
    locale_code: str | None = None,
    topics: list[dict] | None = None,
    organisation: dict | None = None,
) -> dict:
    """One contact person in the language ``locale_code`` (carried on in API links when it
    is not the default one), named on ``topics`` and working for ``organisation`` (both
    built by the view, see ``frontend_api.related``)."""
    surrogate.add(surrogate.item_key(surrogate.CONTACT, contact.translation_key))
    return {
        "id": contact.pk,
        "locale": locale_code,
        "name": contact.name,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "honorific": contact.honorific,
        "role": contact.role,
        "organisation": organisation,
        "email": contact.email,
        "phone": contact.phone,
        "phone_e164": contact.phone_e164,
        "photo": image_data(contact.photo, contact.photo_alt, hidden_collections),
        "topics": topics or [],
        "api_url": api_url("contacts-detail", contact.pk, query=locale_query(locale_code)),
    }


class ContactSerializer(serializers.Serializer):
    """A contact person of the LIGA or a member organisation."""

    id = serializers.IntegerField()
    locale = serializers.CharField(help_text="The language of this item.")
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
        return self.context["contacts"][instance.translation_key]
