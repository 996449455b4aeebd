"""Upload forms: image uploads that refuse every broken file with a message, never a 500."""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, plus: a file that fails while being decoded (truncated data,
    a bomb beyond Pillow's limit) is refused like any other invalid image."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc


class LigaImageForm(BaseImageForm):
    """Base of the admin's image forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        original = self.fields.get("file")
        if original is not None:
            # Built per form, so the upload limits are read from the settings in force now.
            checked = CheckedImageField(label=original.label, required=original.required)
            checked.widget = original.widget
            self.fields["file"] = checked
