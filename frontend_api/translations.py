"""The ``translations`` of pages in a response, looked up for all items in one query."""

from collections import defaultdict

from wagtail.models import Page

from frontend_api.links import api_url
from frontend_api.localisation import api_visible


class TranslationIndex:
    """Live, public, non-expired translations of a set of pages, by translation key."""

    def __init__(self, pages, endpoint: str):
        self.endpoint = endpoint
        self.by_key: dict = defaultdict(list)
        pages = list(pages)
        if not pages:
            return
        keys = {page.translation_key for page in pages}
        rows = (
            api_visible(Page.objects.filter(translation_key__in=keys))
            .values_list("translation_key", "locale__language_code", "slug", "locale_id")
            .order_by("locale__language_code")
        )
        for key, code, slug, locale_id in rows:
            self.by_key[key].append((code, slug, locale_id))

    def for_page(self, page) -> list[dict]:
        """The other languages ``page`` is available in: ``[{locale, api_url}]``."""
        return [
            {
                "locale": code,
                "api_url": api_url(f"{self.endpoint}-detail", slug, query={"locale": code}),
            }
            for code, slug, locale_id in self.by_key.get(page.translation_key, [])
            if locale_id != page.locale_id
        ]
