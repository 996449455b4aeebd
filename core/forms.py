"""Upload forms: image and document uploads that refuse every broken file with a message, never
a 500, and that store a file completely or not at all, on disk and on object storage."""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.sandbox import child_limits, run_child
from core.storages import storage_errors
from core.stored_files import delete_file_after_commit

logger = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = _(
    "The file could not be stored because the media storage is not available. Nothing was "
    "saved; please try again in a few minutes."
)


IMAGE_LIMITS = _(
    "Reading this image takes more than the allowed %(cpu)s seconds of computing time or "
    "%(memory)s MB of memory, so it may be damaged or built to overload the server."
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, plus: the image is decoded in full, in the limited child process
    of ``core.sandbox`` (never here: Willow would decode it in this process to read its size),
    and a file that fails there (truncated data, too many pixels, beyond the child's limits)
    is refused with one message."""

    def check_image_pixel_size(self, f):
        """Wagtail's pixel check, with the header read and the image decoded in the child.

        Wagtail's version asks Willow for the size, which decodes the whole image in this
        process (seconds and hundreds of MB for a 40-megapixel photo).
        """
        max_pixels = self.max_image_pixels or PILImage.MAX_IMAGE_PIXELS * 2
        f.seek(0)
        answer = run_child(f.read(), "image", max_pixels)
        f.seek(0)
        error = answer.get("error")
        if error == "image_too_many_pixels":
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": answer["pixels"], "max_pixels_count": max_pixels},
                code="file_too_many_pixels",
            )
        if error == "limits":
            cpu, memory = child_limits()
            raise ValidationError(
                IMAGE_LIMITS, code="image_limits", params={"cpu": cpu, "memory": memory}
            )
        if error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image")

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc


class StoresFileWhenValid:
    """For Wagtail's image and document forms, used by every admin view that takes a file
    (add, edit, multiple upload, chooser upload).

    The new file is written to its storage as the last step of validation: a storage that is
    down or refusing becomes an error on the file field, shown by each of those views in its
    own way, and nothing is saved. The model deletes the file again if its row then fails to
    save (``core.stored_files``). A replaced file is deleted once the new row is committed;
    Wagtail would delete it during ``save()``, documents even before the new row is written.
    """

    # The attributes that describe the instance's file (those its model has).
    FILE_STATE = ("file", "width", "height", "file_size", "file_hash")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_file_state = {
            name: self.instance.__dict__[name]
            for name in self.FILE_STATE
            if name in self.instance.__dict__
        }

    def _post_clean(self):
        super()._post_clean()
        if self._errors or "file" not in self.changed_data:
            return
        try:
            self.instance.store_new_file()
        except storage_errors():
            logger.exception("The media storage did not take an upload")
            self.add_error("file", ValidationError(STORAGE_UNAVAILABLE, code="storage_unavailable"))
            # The page shown again describes the object with its stored file (the image
            # editor previews it), not with the upload that is nowhere. Put back directly:
            # the file's descriptor would read the old image's dimensions from the store.
            self.instance.__dict__.update(self._stored_file_state)

    def save(self, commit=True):
        replaced = None
        if commit and "file" in self.changed_data and self.original_file:
            replaced = self.original_file
            self.original_file = None  # Wagtail's save() deletes nothing now
        instance = super().save(commit=commit)
        if replaced:
            self.file_replaced(instance)
            delete_file_after_commit(replaced.storage, replaced.name)
        return instance

    def file_replaced(self, instance) -> None:
        """What else goes with the replaced file (called inside the save's transaction)."""


class LigaImageForm(StoresFileWhenValid, BaseImageForm):
    """Base of the admin's image forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        original = self.fields.get("file")
        if original is not None:
            # Built per form, so the upload limits are read from the settings in force now.
            checked = CheckedImageField(label=original.label, required=original.required)
            checked.widget = original.widget
            self.fields["file"] = checked
        if "description" in self.fields:
            # Said before saving, not first by the page that then refuses the image.
            self.fields["description"].help_text = _(
                "The image's alt text for blind readers, e.g. “Two people in a counselling "
                "session”. Required wherever the image is shown unless the page or contact "
                "gives an alt text of its own."
            )

    def file_replaced(self, instance) -> None:
        # The renditions show the old picture: their rows go now (their files after the
        # commit, by Wagtail's delete handler); the new ones are made after the commit.
        instance.renditions.all().delete()


class LigaDocumentForm(StoresFileWhenValid, BaseDocumentForm):
    """Base of the admin's document forms (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with a label for the password (it has none, so Django shows the
    field's name, "Password", untranslated)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
