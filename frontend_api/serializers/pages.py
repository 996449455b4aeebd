"""What topic and position items share: public URL, API URL, translations, references."""

from rest_framework import serializers

from frontend_api.links import api_url, locale_query
from frontend_api.richtext import page_public_url


def page_links(page, endpoint: str, locale_code: str) -> dict:
    """``url`` (the public page, absolute) and ``api_url`` (this item in its locale).

    Every page of a response is in the requested locale, so its code is passed in rather
    than read from each page (which would cost a query per page).
    """
    return {
        "url": page_public_url(page),
        "api_url": api_url(f"{endpoint}-detail", page.slug, query=locale_query(locale_code)),
    }


def topic_reference(topic, locale_code: str) -> dict:
    """``{slug, title, api_url}`` of a topic a position or contact belongs to."""
    return topic_reference_from(topic.slug, topic.title, locale_code)


def topic_reference_from(slug: str, title: str, locale_code: str) -> dict:
    """``topic_reference`` from the topic's slug and title alone."""
    return {
        "slug": slug,
        "title": title,
        "api_url": api_url("topics-detail", slug, query=locale_query(locale_code)),
    }


class TranslationSerializer(serializers.Serializer):
    """Another language the item is published in."""

    locale = serializers.CharField()
    api_url = serializers.URLField()


class TopicReferenceSerializer(serializers.Serializer):
    """A topic, as referenced from a position or a contact."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    api_url = serializers.URLField()
