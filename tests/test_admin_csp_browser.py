"""The admin under its Content-Security-Policy in a real browser (Debian's Chromium through
Playwright): the editors' everyday screens raise no CSP violation and no console error."""

import pytest
from django.urls import reverse

from contacts.factories import ContactFactory
from core.factories import LigaImageFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.browser_helpers import ARTIFACTS
from tests.builders import body
from tests.conftest import ADMIN_PASSWORD

# live_server serves from another thread: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Installed before any script of each document: records what the policy blocked.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def content(site_tree):
    LigaImageFactory(title="Symbolbild Beratung")
    return {
        "position": PositionPageFactory(
            parent=site_tree.positions,
            title="Rückkehrberatung braucht Zeit",
            body=body(("paragraph", "<p>Beratung ist ein Menschenrecht.</p>")),
            # A valid form: the editor's live preview check answers 400 to an invalid one.
            topics=[TopicPageFactory(parent=site_tree.topics, title="Flucht und Migration")],
        ),
        "contact": ContactFactory(given_name="Maria", family_name="Lehmann"),
    }


def test_admin_screens_raise_no_csp_violation_or_console_error(
    browser, live_server, content, superuser
):
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    errors, violations = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def settle(name):
        page.wait_for_load_state("networkidle")
        violations.extend(f"{name}: {v}" for v in page.evaluate("window.__violations"))

    def visit(name, url):
        page.goto(live_server.url + url)
        settle(name)

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", superuser.username)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))
    settle("dashboard")

    visit("explorer", reverse("wagtailadmin_explore", args=[content["position"].get_parent().pk]))

    visit("position edit", reverse("wagtailadmin_pages:edit", args=[content["position"].pk]))
    # A new StreamField block, then the rich-text editor of the paragraph block.
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Heading").click()
    page.locator("input[name$='-value-text']").first.fill("Forderungen")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.type(" Mehr Zeit.")
    page.get_by_role("button", name="Choose an image").first.click()
    page.locator(".modal-content").get_by_text("Symbolbild Beratung").wait_for()
    settle("image chooser")
    page.screenshot(path=str(ARTIFACTS / "admin-csp-image-chooser.png"))
    page.keyboard.press("Escape")

    visit("contacts", reverse("wagtailsnippets_contacts_contact:list"))
    visit(
        "contact edit",
        reverse("wagtailsnippets_contacts_contact:edit", args=[content["contact"].pk]),
    )
    visit("images", reverse("wagtailimages:index"))
    visit("documents", reverse("wagtaildocs:index"))
    context.close()

    assert violations == []
    assert errors == []
