"""Atom feeds of positions (RFC 4287): ``/feeds/positions/?topic=…&locale=…&kind=…``.

Built with Django's ``feedgenerator.Atom1Feed`` directly rather than the syndication
``Feed`` view, which makes relative links absolute with the request's Host header: every
link here comes from ``PUBLIC_BASE_URL``. The entries are the API's items (read through its
views, so the visibility rules are the API's), newest first.
"""

import datetime
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import View

from embeds import content
from embeds.languages import ui_language
from embeds.params import FeedParams
from frontend_api.cache import CachedResponseMixin
from frontend_api.links import absolute, public_base_url
from frontend_api.localisation import default_language_code
from frontend_api.richtext import page_public_url

DEFAULT_AUTHOR = "LIGA der Freien Wohlfahrtspflege in Sachsen"


class PositionsAtomFeed(Atom1Feed):
    """Atom with each entry's own language (``xml:lang``): with ``fallback=true`` a feed may
    mix translated entries with German ones."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


def home_url() -> str:
    return public_base_url() + "/"


def author_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or DEFAULT_AUTHOR


def entry_id(page, locale_code: str) -> str:
    """A permanent id for the position in one language: it survives a changed slug, title or
    host name, and the same text in another language is another entry."""
    return f"urn:uuid:{uuid.uuid5(page.translation_key, locale_code)}"


def published_at(iso_date: str) -> datetime.datetime:
    """A position's publication date as the start of that day in the hub's time zone."""
    day = datetime.date.fromisoformat(iso_date)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def feed_url(query) -> str:
    """The feed's own absolute URL (its id too) with the validated ``query`` in a fixed
    order, so that one feed has one id however its parameters were ordered."""
    url = absolute(reverse("embeds:positions-feed"))
    return f"{url}?{urlencode(sorted(query.items()))}" if query else url


def build_feed(topic, items, params: dict, query) -> PositionsAtomFeed:
    """The feed document of ``items`` (``(page, API item)`` pairs) of ``topic`` (or None);
    ``query`` is the request's (validated) query string."""
    locale = params.get("locale") or default_language_code()
    own_url = feed_url(query)
    with translation.override(ui_language(locale)):
        title = _("Positions of the LIGA Sachsen")
        if topic is not None:
            title = f"{topic.title}: {title}"
        feed = PositionsAtomFeed(
            title=title,
            link=(page_public_url(topic) if topic is not None else None) or home_url(),
            description="",
            language=locale,
            feed_url=own_url,
            feed_guid=own_url,
            author_name=author_name(),
            author_link=home_url(),
        )
    for page, item in items:
        document = item["document"]
        updated = item["updated"]
        feed.add_item(
            title=item["title"],
            link=item["url"],
            # Atom's summary is HTML here: the plain-text teaser must be escaped for it.
            description=escape(item["teaser"]),
            unique_id=entry_id(page, item["locale"]),
            pubdate=published_at(item["published"]),
            updateddate=(
                datetime.datetime.fromisoformat(updated)
                if updated
                else published_at(item["published"])
            ),
            author_name=author_name(),
            categories=[topic_ref["title"] for topic_ref in item["topics"]],
            enclosures=(
                [Enclosure(document["url"], str(document["size_bytes"] or 0), "application/pdf")]
                if document
                else []
            ),
            language=item["locale"],
        )
    return feed


class PositionsFeed(CachedResponseMixin, View):
    """``/feeds/positions/``: the newest positions, overall or of one topic, kind or locale.
    Bad parameters answer 400 naming them, an unknown topic 404 (as plain text)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):
        try:
            params = content.validated(request, FeedParams)
        except content.BadParameters as exc:
            lines = [f"{name}: {' '.join(messages)}" for name, messages in exc.errors.items()]
            return plain_text("Invalid parameters\n" + "\n".join(lines), status=400)
        try:
            topic, items = content.positions(request, params)
        except Http404:
            return plain_text(f'Unknown topic "{params.get("topic")}"', status=404)
        feed = build_feed(topic, items, params, request.GET)
        response = HttpResponse(content_type=feed.content_type)
        feed.write(response, "utf-8")
        return response


def plain_text(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8", status=status)
