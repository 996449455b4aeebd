"""Image and document models of the hub.

Both are the project's own from the first migration so that fields can be added without
swapping models later: images carry a credit line, documents their PDF metadata.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.search import index

from core.pdf import inspect_pdf
from core.storages import document_storage
from core.stored_files import StoredFileMixin


class LigaImage(StoredFileMixin, AbstractImage):
    """An uploaded image. Its description is the default alt text wherever it is used."""

    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Photographer or source, shown with the image where required."),
    )

    admin_form_fields = (*WagtailImage.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class LigaRendition(AbstractRendition):
    """A resized copy of a ``LigaImage``."""

    image = models.ForeignKey(LigaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class LigaDocument(StoredFileMixin, AbstractDocument):
    """A PDF (only PDFs are accepted): its page count is read at upload, its text by the
    worker (``core.tasks.read_document_text``)."""

    # Private objects on S3 (downloads go through the hub), see core.storages.
    file = models.FileField(upload_to="documents", storage=document_storage, verbose_name=_("file"))
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("extracted_text"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]

    def clean(self):
        if not self.file:
            # The form refused the upload with its own message (empty, too big); Wagtail's
            # extension check would add a second, wrong one about the extension “”.
            return
        super().clean()
        if not getattr(self.file, "_committed", True):
            self.read_pdf_metadata()

    def read_pdf_metadata(self):
        """Check that the file is a readable PDF and store its page count; raise on anything
        else. The check runs in a child process with CPU-time and memory limits (core.pdf);
        the text is read after saving, by the worker."""
        with self.open_file() as handle:
            data = handle.read()
        try:
            info = inspect_pdf(data, text=False)
        except ValidationError as exc:
            raise ValidationError({"file": exc.error_list}) from exc
        self.page_count = info.page_count
        # The previous file's text must not find this one until the new text is read.
        self.extracted_text = ""
        # Remember that this very file was read, so save() after clean() does not parse again,
        # and that its text is still to be read.
        self.file.liga_pdf_inspected = True
        self._liga_text_pending = True

    def save(self, *args, **kwargs):
        # Documents created or given a new file in code (importer, shell) skip form
        # validation; never store one without checking it and reading its metadata.
        new_file = bool(self.file) and not getattr(self.file, "_committed", True)
        inspected = getattr(self.file, "liga_pdf_inspected", False)
        if self.file and (self.page_count is None or new_file) and not inspected:
            self.read_pdf_metadata()
        if new_file:
            self._set_document_file_metadata()
        super().save(*args, **kwargs)
        if getattr(self, "_liga_text_pending", False):
            self._liga_text_pending = False
            self.enqueue_text_reading()

    def enqueue_text_reading(self):
        """Have the worker read the text of this file (the ImmediateBackend reads it now).

        Enqueued directly, not on commit: the database backend writes the task in this
        transaction, and the ImmediateBackend only writes two fields of this row, which a
        rollback undoes with the rest; so the tests and ``make run`` see the text at once.
        """
        from django_tasks import TaskResultStatus

        from core.tasks import read_document_text

        result = read_document_text.enqueue(self.pk, self.file_hash)
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.refresh_from_db(fields=["page_count", "extracted_text"])
