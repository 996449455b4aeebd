"""Positions (papers, statements, press releases, open letters) in the API."""

from rest_framework import serializers

from frontend_api import surrogate
from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.serializers.media import (
    DocumentSerializer,
    ImageSerializer,
    document_data,
    image_data,
)
from frontend_api.serializers.organisations import OrganisationSerializer
from frontend_api.serializers.pages import (
    TopicReferenceSerializer,
    TranslationSerializer,
    page_links,
)
from frontend_api.serializers.streamfield import BodyField
from positions.models import PositionKind


def position_data(position, context: dict, detail: bool = False) -> dict:
    """One position; ``context`` carries the response-wide helpers the view prepared,
    among them its topics, organisations and contacts by position id (``frontend_api.related``).
    """
    surrogate.add(surrogate.item_key(surrogate.POSITION, position.translation_key))
    locale_code = context["languages"].code_of(position)
    hidden = context["hidden_collections"]
    data = {
        "id": position.pk,
        "slug": position.slug,
        "title": position.title,
        "teaser": position.teaser,
        "kind": position.kind,
        "published": position.published.isoformat(),
        "updated": position.last_published_at.isoformat() if position.last_published_at else None,
        "locale": locale_code,
        **page_links(position, "positions", locale_code),
        "image": image_data(position.image, position.image_alt, hidden),
        "document": document_data(position.document, hidden),
        "topics": context["topics"].get(position.pk, []),
        "organisations": context["organisations"].get(position.pk, []),
        "signatories": context["signatories"].get(position.pk, []),
        "contacts": context["contacts"].get(position.pk, []),
        "translations": context["translations"].for_page(position),
    }
    if detail:
        data["body"] = context["bodies"].render(position.body)
    return data


class SignatorySerializer(serializers.Serializer):
    """A co-signing organisation that approved the published text."""

    organisation = OrganisationSerializer()
    signed_at = serializers.DateTimeField(help_text="When the organisation approved the text.")


class PositionSerializer(serializers.Serializer):
    """A position of the LIGA, with its PDF, topics, co-signers and contact people."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    teaser = serializers.CharField()
    kind = serializers.ChoiceField(choices=PositionKind.values)
    published = serializers.DateField()
    updated = serializers.DateTimeField(allow_null=True, help_text="Last published.")
    locale = serializers.CharField()
    url = serializers.URLField(help_text="The public page.")
    api_url = serializers.URLField()
    image = ImageSerializer(allow_null=True)
    document = DocumentSerializer(allow_null=True)
    topics = TopicReferenceSerializer(many=True)
    organisations = OrganisationSerializer(many=True)
    signatories = SignatorySerializer(
        many=True, help_text="Co-signers that approved the published text (co-signing)."
    )
    contacts = ContactSerializer(many=True)
    translations = TranslationSerializer(many=True)

    def to_representation(self, instance):
        return position_data(instance, self.context)


class PositionDetailSerializer(PositionSerializer):
    """A position with its body blocks."""

    body = BodyField(help_text="The blocks of the body, in order: `{type, id, value}`.")

    def to_representation(self, instance):
        return position_data(instance, self.context, detail=True)
