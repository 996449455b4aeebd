"""Which language and writing direction an embed uses."""

from django.utils.translation import get_language_info


def direction(code: str) -> str:
    """``rtl`` for Arabic, Farsi, … (Django's ``bidi``, as the API's ``locales/`` says)."""
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def ui_language(locale: str) -> str:
    """The language of the embeds' own words: German for German (and Easy German), else
    English. The web components choose the same way."""
    return "de" if locale.split("-")[0] == "de" else "en"
