"""Background work on images, run by the worker (``manage.py db_worker``).

Each task takes ids, loads what it needs, and does nothing when the object is gone or has
changed since (a newer save enqueued its own task), so it can run late, twice, or again
after a lost worker. ``make run`` and the tests use the ImmediateBackend: these tasks then run
as soon as they are enqueued.
"""

import logging

from django.db.models import Count, Q
from wagtail.images import get_image_model

from core.renditions import create_renditions, image_renditions
from ops.retry import retrying

logger = logging.getLogger("liga.tasks")


@retrying(attempts=5, backoff=30)
def make_renditions(image_id: int) -> int:
    """Make the named renditions of one image that the database does not have; returns how
    many were made."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return create_renditions(image)


@retrying(attempts=3, backoff=60)
def make_missing_renditions() -> int:
    """Enqueue ``make_renditions`` for every image that lacks a named rendition in the
    database (a worker enqueues this when it starts): a restored backup, renditions deleted
    by hand, a rendition added to ``LIGA_IMAGE_RENDITIONS``, or a task lost before the worker
    recovery existed all end here. Returns how many images were enqueued."""
    specs = list(image_renditions().values())
    lacking = (
        get_image_model()
        .objects.annotate(named=Count("renditions", filter=Q(renditions__filter_spec__in=specs)))
        .filter(named__lt=len(specs))
        .values_list("pk", flat=True)
    )
    image_ids = list(lacking)
    for image_id in image_ids:
        make_renditions.enqueue(image_id)
    if image_ids:
        logger.info("Renditions missing for %d images: enqueued", len(image_ids))
    return len(image_ids)
