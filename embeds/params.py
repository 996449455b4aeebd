"""The options of the embeds and feeds, validated like the API's parameters.

The embed pages take the same options as the web components' attributes (``heading-level``
included), so a snippet can switch between ``<liga-positions topic="…">`` and
``/embed/v1/positions/?topic=…`` without renaming anything.
"""

from rest_framework import serializers

from frontend_api.params import MAX_LIMIT, LocaleParams
from positions.models import PositionKind


def limit_field():
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)


def slug_field(**kwargs):
    # Wagtail allows Unicode slugs ("ältere-menschen").
    return serializers.SlugField(required=False, allow_unicode=True, **kwargs)


class EmbedParams(LocaleParams):
    """``locale``, ``fallback`` and ``heading-level`` (1–6, default 2): every embed takes them."""

    def get_fields(self):
        # "heading-level" is no Python name, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        fields["heading-level"] = serializers.IntegerField(required=False, min_value=1, max_value=6)
        return fields


class PositionEmbedParams(EmbedParams):
    """A list of positions (``topic``, ``kind``, ``organisation``, ``limit``) or the one
    position ``slug``."""

    slug = slug_field()
    topic = slug_field()
    kind = serializers.ChoiceField(choices=PositionKind.values, required=False)
    organisation = serializers.SlugField(required=False)
    limit = limit_field()

    def validate(self, data):
        if data.get("slug"):
            combined = [name for name in ("topic", "kind", "organisation", "limit") if name in data]
            if combined:
                raise serializers.ValidationError(
                    {"slug": [f"Give either slug or {', '.join(combined)}, not both."]}
                )
        return data


class TopicEmbedParams(EmbedParams):
    """A topic (its slug is part of the path)."""


class ContactEmbedParams(EmbedParams):
    """Contact people of a ``topic`` and/or an ``organisation``."""

    topic = slug_field()
    organisation = serializers.SlugField(required=False)
    limit = limit_field()


class FeedParams(LocaleParams):
    """The positions feed: all of them, or of one ``topic`` or ``kind``."""

    topic = slug_field()
    kind = serializers.ChoiceField(choices=PositionKind.values, required=False)
    limit = limit_field()
