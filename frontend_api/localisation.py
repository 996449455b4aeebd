"""Which language a response is in.

Every item is served in the requested locale. With ``fallback=true`` an item that has no
visible translation in it is served in the default language (German) instead, marked with
its real ``locale``: a member site in English then shows the whole list, partly in German,
rather than only what is translated so far.

Translations of a page keep pointing at the German topics, contacts and organisations they
were copied with (wagtail-localize synchronises those links), so related items are found by
``translation_key`` in the response's languages, never by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from core.visibility import publicly_visible
from frontend_api.params import RequestedLocale


def default_language_code() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Languages:
    """The requested locale and, with ``fallback=true``, the default one filling its gaps."""

    requested: RequestedLocale
    fallback: RequestedLocale | None
    codes: dict[int, str]
    # The default (source) language, whether or not it fills gaps.
    default: RequestedLocale

    @cached_property
    def locale_ids(self) -> list[int]:
        """The locales whose items may be served: requested, then fallback."""
        return [lang.pk for lang in (self.requested, self.fallback) if lang and lang.pk]

    def code_for(self, locale_id: int) -> str:
        """The language code of the locale ``locale_id``."""
        return self.codes.get(locale_id, self.requested.code)

    def code_of(self, item) -> str:
        """The language code of ``item`` (a page or snippet of this response)."""
        return self.code_for(item.locale_id)

    @property
    def content_language(self) -> str:
        """The ``Content-Language`` of the response."""
        if self.fallback is None:
            return self.requested.code
        return f"{self.requested.code}, {self.fallback.code}"


def languages_for(params: dict) -> Languages:
    """The languages of a request with validated ``params`` (one query)."""
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    pk_of = {code: pk for pk, code in codes.items()}
    requested_code = params.get("locale") or default_language_code()
    requested = RequestedLocale(code=requested_code, pk=pk_of.get(requested_code))
    default_code = default_language_code()
    default = RequestedLocale(code=default_code, pk=pk_of.get(default_code))
    fallback = default if params.get("fallback") and requested_code != default_code else None
    return Languages(requested=requested, fallback=fallback, codes=codes, default=default)


def api_visible(queryset):
    """Live, public, non-expired pages that are not aliases.

    wagtail-localize copies untranslated ancestors (and, with tree synchronisation, every
    page) into a locale as *aliases*: German text under another locale. The API serves the
    German original instead (with ``fallback=true``), never an alias.
    """
    return publicly_visible(queryset).filter(alias_of__isnull=True)


def in_languages(queryset, languages: Languages):
    """The items of ``queryset`` in the requested locale, and with fallback the default
    locale's items that have no translation among them (``queryset`` is already limited to
    what may be shown)."""
    own = queryset.filter(locale_id=languages.requested.pk)
    if languages.fallback is None:
        return own
    translated = own.values("translation_key")
    return queryset.filter(
        Q(locale_id=languages.requested.pk)
        | (Q(locale_id=languages.fallback.pk) & ~Q(translation_key__in=translated))
    )
