"""A translator finds a new German position in „Zu übersetzen“ and translates it, in a real
browser (Debian's Chromium), by clicking only: from the login page through the admin menu,
the worklist's one-click submit and wagtail-localize's editor to "Publish". No request of
the admin goes to another host than the hub (no Gravatar, no update check)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from tests.browser_helpers import origin, translate_every_string
from tests.test_translation_editor_browser import ENGLISH, german_position  # noqa: F401
from tests.translating import TRANSLATOR_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_translator_finds_a_new_position_in_the_worklist_and_translates_it(
    browser,
    live_server,
    settings,
    german_position,  # noqa: F811
    translator,
):
    settings.PUBLIC_BASE_URL = live_server.url
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "olena")
    page.fill("input[name=password]", TRANSLATOR_PASSWORD)
    page.click("button[type=submit]")
    # The dashboard first (a click during the login's navigation can be lost on a busy
    # machine), then the worklist through its menu link.
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))
    page.get_by_role("link", name="To translate").first.click()
    page.wait_for_url(re.compile(re.escape(reverse("translations_worklist"))))
    page.get_by_role("heading", name="English").wait_for()
    page.get_by_role(
        "button", name="Translate “Rückkehrberatung braucht Zeit” into English"
    ).click()
    page.get_by_role("button", name="Publish in English").wait_for()

    translate_every_string(page, ENGLISH)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Publish in English").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Published 'Return counselling takes time' in English.").wait_for()

    assert errors == []
    english = german_position.get_translation(Locale.objects.get(language_code="en"))
    assert english.live
    assert english.title == "Return counselling takes time"
    assert {origin(url) for url in requests if url.startswith("http")} == {live_server.url}
    context.close()
