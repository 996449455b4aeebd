"""The named renditions every image gets, made when the image is saved (never on request).

The API hands these out by name; generating them at save time keeps image processing out of
API requests, which must stay fast and constant in their queries.
"""

from django.conf import settings
from django.db import transaction

DEFAULT_IMAGE_RENDITIONS = {
    "thumbnail": "fill-480x320|jpegquality-75",
    "medium": "max-960x960",
    "large": "max-1920x1920",
    "medium_webp": "max-960x960|format-webp",
}


def image_renditions() -> dict[str, str]:
    """Rendition name → Wagtail filter spec (setting ``LIGA_IMAGE_RENDITIONS``)."""
    return getattr(settings, "LIGA_IMAGE_RENDITIONS", DEFAULT_IMAGE_RENDITIONS)


def create_renditions(image) -> None:
    """Make every named rendition of ``image`` that does not exist yet."""
    image.get_renditions(*image_renditions().values())


def create_renditions_after_commit(sender, instance, **kwargs) -> None:
    """post_save handler: renditions are made once the image is really stored, so a rolled
    back import leaves no rendition files behind."""
    transaction.on_commit(lambda: create_renditions(instance))
