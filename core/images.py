"""Alt text rules: every use of an image carries alt text, the image's description by default."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def alt_text_or_default(image, alt_text: str) -> str:
    """Return the alt text of one use of ``image``: its own, else the image's description."""
    if alt_text and alt_text.strip():
        return alt_text.strip()
    if image is not None:
        return (image.description or "").strip()
    return ""


def require_alt_text(image, alt_text: str, field_name: str) -> str:
    """Return the alt text to store for this use of ``image``; raise if there is none.

    The error is attached to ``field_name`` so the editor sees it beside the field.
    """
    alt = alt_text_or_default(image, alt_text)
    if image is not None and not alt:
        raise ValidationError(
            {
                field_name: _(
                    "Describe the image for people who cannot see it: enter alt text here "
                    "or a description on the image itself."
                )
            }
        )
    return alt
