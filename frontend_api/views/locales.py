"""``locales/``: the languages content can be requested in."""

from django.conf import settings
from django.utils.translation import get_language_info
from rest_framework import serializers

from frontend_api import surrogate
from frontend_api.pagination import LimitOffsetPage
from frontend_api.params import ListParams, validate_params
from frontend_api.views.base import PublicAPIView


class LocaleSerializer(serializers.Serializer):
    """A content language: code, English and native name, writing direction."""

    code = serializers.CharField()
    name = serializers.CharField()
    native_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    is_default = serializers.BooleanField()


class LocaleParamsNoLocale(ListParams):
    """``limit`` and ``offset`` (``locale`` is accepted and ignored: the list is the same)."""


def locale_items() -> list[dict]:
    default = settings.LANGUAGE_CODE
    items = []
    for code, native_name in settings.WAGTAIL_CONTENT_LANGUAGES:
        try:
            info = get_language_info(code)
            name, bidi = info["name"], info["bidi"]
        except KeyError:
            name, bidi = native_name, False
        items.append(
            {
                "code": code,
                "name": name,
                "native_name": native_name,
                "direction": "rtl" if bidi else "ltr",
                "is_default": code == default,
            }
        )
    return items


class LocaleListView(PublicAPIView):
    """All content languages, the default first."""

    serializer_class = LocaleSerializer
    list_params = LocaleParamsNoLocale  # validates the request and documents it in the schema

    def get(self, request):
        validate_params(request, self.list_params)
        surrogate.add(surrogate.LOCALES)
        paginator = LimitOffsetPage()
        page = paginator.paginate_queryset(locale_items(), request, view=self)
        return paginator.get_paginated_response(page)
