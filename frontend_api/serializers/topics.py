"""Topic pages in the API."""

from rest_framework import serializers

from frontend_api import surrogate
from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.serializers.media import (
    DocumentSerializer,
    ImageSerializer,
    document_data,
    image_data,
)
from frontend_api.serializers.pages import TranslationSerializer, page_links
from frontend_api.serializers.streamfield import BodyField

MAX_TOPIC_POSITIONS = 10


def topic_data(topic, context: dict, detail: bool = False) -> dict:
    """One topic; ``context`` carries the response-wide helpers the view prepared."""
    surrogate.add(surrogate.item_key(surrogate.TOPIC, topic.translation_key))
    locale_code = context["languages"].code_of(topic)
    hidden = context["hidden_collections"]
    data = {
        "id": topic.pk,
        "slug": topic.slug,
        "title": topic.title,
        "locale": locale_code,
        "intro": context["richtext"].render(topic.intro),
        **page_links(topic, "topics", locale_code),
        "image": image_data(topic.image, topic.image_alt, hidden),
        "contacts": context["contacts"].get(topic.pk, []),
        "translations": context["translations"].for_page(topic),
    }
    if detail:
        # Its newest positions: any position published, changed or gone may change them.
        surrogate.add(surrogate.COLLECTIONS[surrogate.POSITION])
        data["body"] = context["bodies"].render(topic.body)
        data["positions"] = [
            position_summary(position, context)
            for position in context["topic_positions"].get(topic.pk, [])
        ]
    return data


def position_summary(position, context: dict) -> dict:
    """A position as listed on a topic: enough to show and link it."""
    surrogate.add(surrogate.item_key(surrogate.POSITION, position.translation_key))
    return {
        "id": position.pk,
        "slug": position.slug,
        "title": position.title,
        "teaser": position.teaser,
        "kind": position.kind,
        "published": position.published.isoformat(),
        "locale": context["languages"].code_of(position),
        **page_links(position, "positions", context["languages"].code_of(position)),
        "document": document_data(position.document, context["hidden_collections"]),
    }


class PositionSummarySerializer(serializers.Serializer):
    """A position listed on a topic (the position's own endpoint has every field)."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    teaser = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["position_paper", "statement", "press_release", "open_letter"]
    )
    published = serializers.DateField()
    locale = serializers.CharField(help_text="The language of this item.")
    url = serializers.URLField()
    api_url = serializers.URLField()
    document = DocumentSerializer(allow_null=True)


class TopicSerializer(serializers.Serializer):
    """A topic (“Flucht und Migration”) with its contact people."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    locale = serializers.CharField(help_text="The language of this item.")
    intro = serializers.CharField(help_text="HTML with absolute links.")
    url = serializers.URLField(help_text="The public page.")
    api_url = serializers.URLField()
    image = ImageSerializer(allow_null=True)
    contacts = ContactSerializer(many=True)
    translations = TranslationSerializer(many=True)

    def to_representation(self, instance):
        return topic_data(instance, self.context)


class TopicDetailSerializer(TopicSerializer):
    """A topic with its body blocks and its newest positions (at most 10)."""

    body = BodyField(help_text="The blocks of the body, in order: `{type, id, value}`.")
    positions = PositionSummarySerializer(many=True)

    def to_representation(self, instance):
        return topic_data(instance, self.context, detail=True)
