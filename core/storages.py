"""Storage of documents: ``STORAGES["documents"]`` when the project defines it, else the
default storage.

Documents are kept apart from images because, on object storage, they must never be readable
straight from the bucket: downloads go through the hub, which checks the collection's
privacy first. A callable, so that the choice follows the settings at run time (and tests
that change them) rather than the moment the model was imported.
"""

from django.core.files.storage import default_storage, storages


def document_storage():
    if "documents" in storages.backends:
        return storages["documents"]
    return default_storage
