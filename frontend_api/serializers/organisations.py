"""Member organisations in the API."""

from rest_framework import serializers

from frontend_api import surrogate
from frontend_api.serializers.media import ImageSerializer, image_data


def organisation_data(organisation, hidden_collections: frozenset = frozenset()) -> dict:
    """``{key, name, short_name, website, logo}``; the logo's alt names the organisation."""
    surrogate.add(surrogate.item_key(surrogate.ORGANISATION, organisation.translation_key))
    logo_alt = organisation.logo_alt or f"Logo {organisation.name}"
    return {
        "key": organisation.key,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "website": organisation.website,
        "logo": image_data(organisation.logo, logo_alt, hidden_collections),
    }


class OrganisationSerializer(serializers.Serializer):
    """A member organisation of the LIGA."""

    key = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    website = serializers.URLField(allow_blank=True)
    logo = ImageSerializer(allow_null=True)

    def to_representation(self, instance):
        return organisation_data(instance, self.context["hidden_collections"])
