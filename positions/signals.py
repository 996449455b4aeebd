"""Keep the search index of positions in step with the PDFs they carry.

A position is found by words inside its PDF; when an editor replaces the PDF's file, the
positions using it are reindexed so search does not answer with the old text.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.search import index


@receiver(post_save, sender=get_document_model())
def reindex_positions_of_document(sender, instance, created, **kwargs):
    if created:
        return
    from positions.models import PositionPage

    for position in PositionPage.objects.filter(document=instance):
        index.insert_or_update_object(position)
