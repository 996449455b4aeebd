"""Filters of the embed pages: they show the API's item dicts as the web components do."""

import datetime
import re

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from core.richtext import sanitize_html
from embeds import languages
from positions.models import PositionKind

register = template.Library()

HEADING = re.compile(r"<(/?)h[1-6]>")


@register.filter
def direction(locale_code: str) -> str:
    return languages.direction(locale_code or "")


@register.filter
def kind_label(kind: str) -> str:
    """The label of a position's ``kind`` in the active language."""
    return PositionKind(kind).label if kind in PositionKind.values else ""


@register.filter
def embed_date(iso_date: str, locale_code: str) -> str:
    """``2020-07-21`` as the item's language writes it (German: "21. Juli 2020")."""
    with translation.override(locale_code):
        return date_format(datetime.date.fromisoformat(iso_date), "DATE_FORMAT")


@register.filter
def embed_richtext(html: str) -> str:
    """The API's rich text cut down to the hub's rules once more (defence in depth), with
    headings as bold paragraphs so that they do not break the host page's outline."""
    cleaned = sanitize_html(html or "")
    return mark_safe(  # noqa: S308 - sanitised by nh3 just above; the tags left have no attributes
        HEADING.sub(lambda m: "</strong></p>" if m[1] else "<p><strong>", cleaned)
    )
