"""The translation editor in a real browser: a translator takes a position into English in
wagtail-localize's editor (headless Chromium), publishes it, and the API serves it.

The browser comes from ``conftest.py`` (Debian's Chromium, driven by Playwright); the hub is
pytest-django's ``live_server``.
"""

import json
import urllib.request

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from positions.factories import PositionPageFactory
from tests.browser_helpers import ARTIFACTS, translate_every_string
from tests.builders import body
from tests.translating import TRANSLATOR_PASSWORD, submit

# live_server serves from another thread: the data must be committed (transactional tests,
# with Wagtail's initial rows restored after each flush).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENGLISH = {
    "Rückkehrberatung braucht Zeit": "Return counselling takes time",
    "rueckkehrberatung": "return-counselling",
    "Vertrauen entsteht langsam.": "Trust grows slowly.",
    "Beratung ist ein Menschenrecht.": "Counselling is a human right.",
}


@pytest.fixture
def german_position(site_tree):
    return PositionPageFactory(
        parent=site_tree.positions,
        title="Rückkehrberatung braucht Zeit",
        slug="rueckkehrberatung",
        teaser="Vertrauen entsteht langsam.",
        body=body(("paragraph", "<p>Beratung ist ein Menschenrecht.</p>")),
    )


def api(origin: str, path: str) -> dict:
    with urllib.request.urlopen(origin + path, timeout=10) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def test_translator_translates_a_position_in_the_editor_and_the_api_serves_it(
    browser, live_server, settings, german_position, translator
):
    settings.PUBLIC_BASE_URL = live_server.url
    english = Locale.objects.get(language_code="en")
    translation = submit(german_position, translator, english)
    target = german_position.get_translation(english)
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "olena")
    page.fill("input[name=password]", TRANSLATOR_PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[target.pk]))
    page.get_by_role("button", name="Publish in English").wait_for()

    # Every string, on every tab of the editor: open it, type the English, save.
    translate_every_string(page, ENGLISH)
    # The live server shares the test's SQLite connection: no query of the test's own until
    # the editor's requests are done.
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / "translation-editor.png"), full_page=True)
    assert StringTranslation.objects.filter(locale=english).count() == len(ENGLISH)

    page.get_by_role("button", name="Publish in English").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Published 'Return counselling takes time' in English.").wait_for()

    assert errors == []
    assert translation.get_progress() == (len(ENGLISH), len(ENGLISH))
    item = api(live_server.url, "/api/v1/positions/return-counselling/?locale=en")
    assert item["title"] == "Return counselling takes time"
    assert item["teaser"] == "Trust grows slowly."
    assert item["body"][0]["value"] == "<p>Counselling is a human right.</p>"
    german = api(live_server.url, "/api/v1/positions/rueckkehrberatung/")
    assert [t["locale"] for t in german["translations"]] == ["en"]
    context.close()
