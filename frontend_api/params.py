"""Strict query parameters: each endpoint declares what it accepts, and nothing else passes.

A parameter set is a DRF serializer, so the same declaration validates the request and
documents it in the OpenAPI schema.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from rest_framework import serializers

from frontend_api.errors import InvalidParameters

MAX_LIMIT = 100
MAX_Q_LENGTH = 200
MAX_OFFSET = 1_000_000_000
DEFAULT_LIMIT = 20


# Query values are taken exactly as given: never trimmed (a trimmed value would be accepted
# while `next`/`previous` links echo the original), with no control characters anywhere.
NO_CONTROL_CHARACTERS = r"\A[^\x00-\x1f\x7f]*\Z"


class SlugParam(serializers.SlugField):
    """A slug or key. DRF's ASCII slug pattern ends in ``$``, which also matches before a
    trailing newline (``diakonie`` + newline); this one ends in ``\\Z`` (``$`` in the schema)."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)
        pattern = r"^[-\w]+\Z" if self.allow_unicode else r"^[-a-zA-Z0-9_]+\Z"
        message = self.error_messages["invalid_unicode" if self.allow_unicode else "invalid"]
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, RegexValidator)
        ] + [RegexValidator(re.compile(pattern), message=message)]


class SearchParam(serializers.CharField):
    """``q``: search words, at most ``MAX_Q_LENGTH`` characters, no control characters."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, max_length=MAX_Q_LENGTH, **kwargs)
        self.validators.append(
            RegexValidator(
                re.compile(NO_CONTROL_CHARACTERS),
                message="Control characters (e.g. NUL or a line break) are not allowed.",
            )
        )


def content_language_codes() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


class LocaleParams(serializers.Serializer):
    """``locale``: the language of the content (default: the site's default language);
    ``fallback``: fill its gaps with the default language."""

    locale = serializers.CharField(
        required=False,
        help_text="Language code of the content, e.g. `de` or `en`. Default: `de`.",
    )

    fallback = serializers.BooleanField(
        required=False,
        help_text="`true`: an item not translated into `locale` is served in the default "
        "language instead (with its real `locale`). Default: `false`, only translated items.",
    )

    def validate_locale(self, value):
        if value not in content_language_codes():
            raise serializers.ValidationError(
                f'Unknown locale "{value}". Available: {", ".join(content_language_codes())}.'
            )
        return value


class ListParams(LocaleParams):
    """``limit`` and ``offset`` of a list."""

    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=f"Items per page, 1–{MAX_LIMIT}. Default: {DEFAULT_LIMIT}.",
    )
    offset = serializers.IntegerField(
        required=False,
        min_value=0,
        # A database takes no larger offset (PostgreSQL's is a bigint, SQLite's too).
        max_value=MAX_OFFSET,
        help_text="Number of items to skip. Default: 0.",
    )


def validate_params(
    request, params_class, repeatable: tuple[str, ...] = (), partial: bool = False
) -> dict:
    """Validate ``request.query_params`` against ``params_class``; raise 400 on any problem.

    Unknown parameters are errors (a typo must not silently return unfiltered content);
    parameters not in ``repeatable`` may be given once only. ``partial``: none is required.
    """
    fields = params_class().fields
    errors: dict[str, list[str]] = {}
    data = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        if name not in fields:
            errors[name] = ["Unknown parameter."]
        elif name in repeatable:
            data[name] = values
        elif len(values) > 1:
            errors[name] = ["Give this parameter once only."]
        else:
            data[name] = values[0]
    serializer = params_class(data=data, partial=partial)
    if not serializer.is_valid():
        errors.update(serializer.errors)
    if errors:
        raise InvalidParameters(errors)
    return serializer.validated_data


@dataclass(frozen=True)
class RequestedLocale:
    """The locale a request asks for; ``pk`` is None for a configured language that has no
    content yet (lists are then simply empty)."""

    code: str
    pk: int | None
