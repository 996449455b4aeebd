"""Keep the search index of positions in step with the PDFs they carry.

A position is found by words inside its PDF; when a document changes (its text read by the
worker, a new file, a new title), the positions using it are reindexed, by a task
(``positions.tasks``), so search does not answer with the old text.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model

from positions.tasks import reindex_positions_of_document


@receiver(post_save, sender=get_document_model())
def reindex_positions_of_document_on_save(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    # Enqueued in the saving transaction, as Wagtail's search enqueues its own updates: the
    # database backend commits the task with the change, the ImmediateBackend runs it now.
    reindex_positions_of_document.enqueue(instance.pk)
