"""Media files named by a bundle: read safely, checked like an editor's upload, stored once.

Images and PDFs are identified by the SHA-1 of their bytes (Wagtail's own ``file_hash``), so
importing the same file twice reuses the stored one.
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import get_valid_filename
from wagtail.documents import get_document_model
from wagtail.documents.fields import WagtailDocumentField
from wagtail.images import get_image_model

from core.forms import CheckedImageField
from core.pdf import inspect_pdf
from core.storages import storage_errors

logger = logging.getLogger(__name__)


@dataclass
class MediaFile:
    """A file of the bundle, read and checked; ``alt`` or ``title`` describes it."""

    path: str
    data: bytes
    label: str

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data, usedforsecurity=False).hexdigest()

    @property
    def filename(self) -> str:
        return get_valid_filename(Path(self.path).name)


def read_bundle_file(root: Path, relative: str, max_size: int | None = None) -> bytes:
    """Read ``relative`` below ``root``; raise ValueError for paths leaving the bundle and
    for files over ``max_size`` bytes (checked before reading them into memory)."""
    if not relative or Path(relative).is_absolute():
        raise ValueError(f'"{relative}" must be a path relative to the bundle folder')
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f'"{relative}" points outside the bundle folder')
    if not path.is_file():
        raise ValueError(f'file "{relative}" does not exist in the bundle')
    size = path.stat().st_size
    if max_size is not None and size > max_size:
        raise ValueError(f'"{relative}" is {size} bytes; at most {max_size} bytes are allowed')
    return path.read_bytes()


def check_image(media: MediaFile) -> None:
    """Apply the admin's image upload checks (format, size, pixel count) to a bundle file."""
    upload = SimpleUploadedFile(media.filename, media.data)
    CheckedImageField().clean(upload)


def check_document(media: MediaFile) -> None:
    """Apply the admin's document checks: extension, size limit, real readable PDF."""
    if not media.filename.lower().endswith(".pdf"):
        raise ValidationError("must be a .pdf file")
    WagtailDocumentField().clean(SimpleUploadedFile(media.filename, media.data))
    inspect_pdf(media.data, text=False)


class MediaStore:
    """Finds or creates images and documents; remembers written files to undo them."""

    def __init__(self):
        self.written: list[tuple[object, str]] = []
        self._by_hash: dict[tuple[str, str], object] = {}
        self.created = {"images": 0, "documents": 0}
        self.updated = {"images": 0, "documents": 0}
        self.unchanged = {"images": 0, "documents": 0}

    def image(self, media: MediaFile):
        if ("images", media.sha1) in self._by_hash:
            return self._by_hash["images", media.sha1]
        model = get_image_model()
        existing = model.objects.filter(file_hash=media.sha1).order_by("pk").first()
        if existing is not None:
            self.unchanged["images"] += 1
            self._by_hash["images", media.sha1] = existing
            return existing
        image = model(
            title=media.label[:255],
            description=media.label[:255],
            file=ImageFile(io.BytesIO(media.data), name=media.filename),
        )
        image._set_image_file_metadata()
        image.save()
        self.written.append((image.file.storage, image.file.name))
        self.created["images"] += 1
        self._by_hash["images", media.sha1] = image
        return image

    def document(self, media: MediaFile):
        if ("documents", media.sha1) in self._by_hash:
            return self._by_hash["documents", media.sha1]
        model = get_document_model()
        existing = model.objects.filter(file_hash=media.sha1).order_by("pk").first()
        if existing is not None:
            if existing.title != media.label:
                existing.title = media.label
                existing.save(update_fields=["title"])
                self.updated["documents"] += 1
            else:
                self.unchanged["documents"] += 1
            self._by_hash["documents", media.sha1] = existing
            return existing
        document = model(title=media.label, file=File(io.BytesIO(media.data), name=media.filename))
        document._set_document_file_metadata()
        document.save()
        self.written.append((document.file.storage, document.file.name))
        self.created["documents"] += 1
        self._by_hash["documents", media.sha1] = document
        return document

    def discard_written_files(self) -> None:
        """Delete the files stored by this import (used when its transaction is rolled back).

        Every file is tried even if one cannot be deleted (an object store that went away
        mid-import): the error that stopped the import is the one to report, so these are
        only logged.
        """
        for storage, name in self.written:
            try:
                storage.delete(name)
            except storage_errors():
                logger.exception("Could not delete %s after the import was rolled back", name)
        self.written.clear()
