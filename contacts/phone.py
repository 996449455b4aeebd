"""Phone numbers as editors type them ("0351 82871-152"), validated and normalised to E.164."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def default_region() -> str:
    """The region assumed for numbers without a country code (Germany unless configured)."""
    return getattr(settings, "CONTACTS_PHONE_REGION", "DE")


def normalise_phone(value: str) -> str:
    """Return ``value`` in E.164 form (``+4935182871152``); raise ValidationError if invalid."""
    try:
        number = phonenumbers.parse(value, default_region())
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": value}
        ) from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number (e.g. 0351 82871-152 or +49 351 82871152)."),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    """Model field validator: the number must parse and be valid."""
    if value:
        normalise_phone(value)
