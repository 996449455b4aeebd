"""Background work on images and documents, run by the worker (``manage.py db_worker``).

Each task takes ids, loads what it needs, and does nothing when the object is gone or has
changed since (a newer save enqueued its own task), so it can run late, twice, or again
after a lost worker. ``make run`` and the tests use the ImmediateBackend: these tasks then run
as soon as they are enqueued.
"""

import logging

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.pdf import inspect_pdf
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


@retrying(attempts=5, backoff=30)
def read_document_text(document_id: int, file_hash: str) -> str:
    """Read the text (and page count) of a document's PDF in the limited child process and
    store it; saving the document reindexes it and the positions that carry it
    (``positions.signals``). Returns what happened, for the task's result."""
    model = get_document_model()
    document = model.objects.filter(pk=document_id).first()
    if document is None:
        return "deleted"
    if document.file_hash != file_hash:
        # The file was replaced since: the new file's own task reads it.
        return "replaced"
    with document.open_file() as handle:
        data = handle.read()
    try:
        info = inspect_pdf(data, text=True)
    except ValidationError as exc:
        # Not worth a retry: the same bytes give the same answer. The document stays, with
        # its page count from the upload check, and is found by its title and description.
        with translation.override("en"):  # logs are English, whatever the site's language
            reason = "; ".join(exc.messages)
        logger.warning(
            "Text of document %s (%s) not read: %s",
            document_id,
            document.title,
            reason,
            extra={"document": document_id, "code": exc.error_list[0].code},
        )
        return "refused"
    document.page_count = info.page_count
    document.extracted_text = info.text
    document.save(update_fields=["page_count", "extracted_text"])
    return "read"
