"""Storage of documents, and what a failing storage looks like.

Documents use ``STORAGES["documents"]`` when the project defines it, else the default
storage. They are kept apart from images because, on object storage, they must never be
readable straight from the bucket: downloads go through the hub, which checks the
collection's privacy first.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class DocumentStorage(LazyObject):
    """The documents' storage, looked up when first used and again after ``STORAGES``
    changes (like Django's ``default_storage``).

    A model field calls a callable ``storage`` once, when the model class is built; returning
    the storage itself would pin the one configured at import time, and tests (or anything
    else) that change ``STORAGES`` would still write documents to it.
    """

    def _setup(self):
        if "documents" in storages.backends:
            self._wrapped = storages["documents"]
        else:
            self._wrapped = storages["default"]


_document_storage = DocumentStorage()


def document_storage():
    """``LigaDocument.file``'s storage (named in migrations, so it stays a callable)."""
    return _document_storage


def reset_document_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _document_storage._wrapped = empty


setting_changed.connect(reset_document_storage)


def storage_errors() -> tuple[type[BaseException], ...]:
    """The exceptions of a storage that cannot take or give a file: the disk (``OSError``)
    or the object store (unreachable, refusing, timing out: botocore's and boto3's errors,
    when they are installed)."""
    errors: list[type[BaseException]] = [OSError]
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # a project of its own may keep its media on disk, without boto
        return tuple(errors)
    return (*errors, Boto3Error, BotoCoreError, ClientError)
