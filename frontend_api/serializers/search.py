"""Results of ``search/``: each item is the list item of its own endpoint plus ``type``.

The items are built by the endpoints' own functions (``topic_data``, ``position_data``, the
contact serializer); the serializers here only document them in the OpenAPI schema, as a
``oneOf`` with ``type`` as its discriminator.
"""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.serializers.positions import PositionSerializer
from frontend_api.serializers.topics import TopicSerializer

TOPIC, POSITION, CONTACT = "topic", "position", "contact"
RESULT_TYPES = (TOPIC, POSITION, CONTACT)


def _type_field(kind: str, endpoint: str) -> serializers.ChoiceField:
    # One choice: the schema says `type` is this very value (an enum of one, which OpenAPI 3.0
    # and 3.1 tools alike read as a discriminator value).
    return serializers.ChoiceField(
        choices=[kind], help_text=f"Always `{kind}`: the item is as listed by `{endpoint}/`."
    )


class PositionResultSerializer(PositionSerializer):
    """A position found by search: the item of `positions/` with `type: position`."""

    type = _type_field(POSITION, "positions")


class TopicResultSerializer(TopicSerializer):
    """A topic found by search: the item of `topics/` with `type: topic`."""

    type = _type_field(TOPIC, "topics")


class ContactResultSerializer(ContactSerializer):
    """A contact person found by search: the item of `contacts/` with `type: contact`."""

    type = _type_field(CONTACT, "contacts")


# The position comes first: the schema's example shows the first choice, and most hits are
# positions.
RESULT_SERIALIZERS = {
    POSITION: PositionResultSerializer,
    TOPIC: TopicResultSerializer,
    CONTACT: ContactResultSerializer,
}


def search_result_serializer(**kwargs) -> PolymorphicProxySerializer:
    """The schema of one result: one of the three shapes, told apart by ``type``."""
    return PolymorphicProxySerializer(
        component_name="SearchResult",
        serializers=RESULT_SERIALIZERS,
        resource_type_field_name="type",
        **kwargs,
    )


def with_type(kind: str, item: dict) -> dict:
    """``item`` (as its own endpoint lists it) with ``type`` added, first."""
    return {"type": kind, **item}
