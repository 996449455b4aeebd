"""No tables: only the permission that separates editors of the German source from
translators."""

from django.db import models


class SourceContent(models.Model):
    """Holds the permission ``translations.change_source_content``: editing, publishing and
    deleting snippets in the source language (German). Editors and moderators have it;
    translators do not, so they work on translations only. (Pages are kept apart by page
    permissions on each locale's tree instead.)"""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("change_source_content", "Can edit and publish snippets in the source language")
        ]

    def __str__(self):
        return "source content"
