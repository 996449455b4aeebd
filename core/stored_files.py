"""A file and its row are stored together or not at all, on disk and on object storage.

Django writes a new file to its storage while it saves the row (``FileField.pre_save``);
should the row then fail, the file stays behind in the bucket, referenced by nothing. Here the
file is written first, explicitly (the admin's forms do it while validating, so that a storage
that is down becomes a message on the form), and deleted again when the row cannot be saved.
A file that is replaced or deleted goes only once the change is committed, so a failed save
never leaves a row whose file is gone.
"""

import logging

from django.db import router, transaction

from core.storages import storage_errors

logger = logging.getLogger(__name__)


def delete_file_after_commit(storage, name: str) -> None:
    """Delete ``name`` from ``storage`` once the current transaction commits, in the worker
    (Wagtail's own task for deleted images and documents)."""
    from wagtail.tasks import delete_file_from_storage_task

    transaction.on_commit(
        lambda: delete_file_from_storage_task.enqueue(storage.deconstruct(), name)
    )


class StoredFileMixin:
    """For models with a ``file`` field (before the Wagtail base class in the bases)."""

    _unsaved_stored_file = None

    def store_new_file(self) -> bool:
        """Write a newly assigned ``file`` to its storage now; True if it was written.

        Raises the storage's own error (``core.storages.storage_errors``) when it cannot.
        """
        file = self.file
        if not file or file._committed:
            return False
        field = file.field
        # What FieldFile.save(save=False) does, without putting the bare name back on the
        # instance: the FieldFile keeps the uploaded content, so size, hash and dimensions
        # read after this come from those bytes and not from a download from the bucket.
        name = field.generate_filename(self, file.name)
        file.name = file.storage.save(name, file.file, max_length=field.max_length)
        file._committed = True
        self._unsaved_stored_file = (file.storage, file.name)
        return True

    def discard_unsaved_file(self) -> None:
        """Delete the file written by ``store_new_file`` whose row was never saved."""
        stored, self._unsaved_stored_file = self._unsaved_stored_file, None
        if stored is None:
            return
        storage, name = stored
        try:
            storage.delete(name)
        except storage_errors():
            # The error that made the save fail is what the caller must see; this one is
            # only logged (an unreferenced file, never a row without its file).
            logger.exception("Could not delete %s after its row failed to save", name)

    def save(self, *args, **kwargs):
        self.store_new_file()
        try:
            # A savepoint: if anything in the save fails (the INSERT, a post_save handler),
            # the row is rolled back too, so deleting the file cannot orphan a row.
            with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self))):
                super().save(*args, **kwargs)
        except BaseException:
            self.discard_unsaved_file()
            raise
        self._unsaved_stored_file = None
