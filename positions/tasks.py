"""Search indexing that Wagtail does not do by itself: positions are found by their PDF's
text, which lives on the document, so a position's index entry changes when its document
does.

Everything else is indexed by Wagtail's search (modelsearch) itself, already as a task:
``modelsearch.signal_handlers`` enqueues ``insert_or_update_object_task`` on every save, so
with the database backend it runs in the worker, and with the ImmediateBackend at once.
"""

from wagtail.search import index

from ops.retry import retrying


@retrying(attempts=5, backoff=30)
def reindex_positions_of_document(document_id: int) -> int:
    """Update the index entries of the positions carrying this document; returns how many."""
    from positions.models import PositionPage

    positions = list(PositionPage.objects.filter(document_id=document_id))
    for position in positions:
        index.insert_or_update_object(position)
    return len(positions)
