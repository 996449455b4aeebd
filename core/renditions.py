"""The named renditions every image gets, made by the worker after the image is saved.

The API hands these out by name and only reads what is in the database (prefetched with the
image); it never makes one. Making them in a task (``core.tasks.make_renditions``), enqueued
when an image is saved, keeps image processing out of both API requests and the editor's
upload request.

The database decides what exists, never the cache. Wagtail keeps renditions in the cache
under the image's id and file hash; after the database is reset while the cache lives on
(``rm db.sqlite3 && make run`` with the file cache, a restored backup with Redis), the same
demo image gets the same id and hash, ``get_renditions`` found every rendition in the cache,
made none, and the API (which reads the database) showed none. Loading the image with its
renditions prefetched makes Wagtail look in that prefetched list instead of the cache
(``AbstractImage.find_existing_renditions``: "when renditions are prefetched, it's assumed
that if the requested renditions exist, they will be present"), so a rendition is made
whenever the database lacks it, and the fresh one replaces the stale cache entry. That is
Wagtail's own switch, where re-keying the cache would mean overriding its private key format.
"""

from django.conf import settings
from wagtail.images.models import Filter

DEFAULT_IMAGE_RENDITIONS = {
    "thumbnail": "fill-480x320|jpegquality-75",
    "medium": "max-960x960",
    "large": "max-1920x1920",
    "medium_webp": "max-960x960|format-webp",
}


def image_renditions() -> dict[str, str]:
    """Rendition name → Wagtail filter spec (setting ``LIGA_IMAGE_RENDITIONS``)."""
    return getattr(settings, "LIGA_IMAGE_RENDITIONS", DEFAULT_IMAGE_RENDITIONS)


def create_renditions(image) -> int:
    """Make every named rendition of ``image`` that the database does not have; return how
    many were made.

    One ``get_rendition`` per spec rather than Wagtail's bulk ``get_renditions``: the bulk
    path stores new renditions with ``bulk_create``, which sends no ``post_save``, and the
    API's response cache (and anything else that listens) must learn that the image changed.
    """
    image = type(image).objects.prefetch_related("renditions").get(pk=image.pk)
    existing = {(r.filter_spec, r.focal_point_key) for r in image.renditions.all()}
    made = 0
    for spec in image_renditions().values():
        key = (spec, Filter(spec=spec).get_cache_key(image))
        if key not in existing:
            image.get_rendition(spec)
            made += 1
    return made


def enqueue_renditions(sender, instance, raw=False, **kwargs) -> None:
    """post_save handler: the worker makes the renditions once the image is really stored
    (``ops.queue.enqueue_on_commit``: so a rolled-back import leaves no rendition files)."""
    if raw:
        return
    from core.tasks import make_renditions
    from ops.queue import enqueue_on_commit

    enqueue_on_commit(make_renditions, instance.pk)
