"""Review and co-signing in a real browser (Debian's Chromium through Playwright, the hub as
pytest-django's ``live_server``): an editor submits a contact and a moderator approves it;
two organisations sign a position, one in the admin and one through the e-mailed link, an
edit asks them again, and the paper publishes only after both and the moderators."""

import pytest
from django.urls import reverse

from contacts.models import Contact
from positions.models import PositionPage
from tests.browser_helpers import ARTIFACTS
from tests.cosigning_helpers import build_paper, links_by_recipient, submit
from tests.reviewing import MODERATION, PASSWORD, member_of

# live_server serves from another thread: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CARITAS_MAIL = "mitzeichnung@caritas.example.org"


@pytest.fixture
def session(browser, live_server):
    """``login(username)`` opens a fresh browser context logged in to the admin."""
    contexts = []

    def login(username):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        if username:
            page.goto(live_server.url + reverse("wagtailadmin_login"))
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    yield login
    for context in contexts:
        context.close()


def approve_on_dashboard(page, origin, title):
    """Click "Zustimmen" (approve) for ``title`` in the dashboard's review panel."""
    page.goto(origin + reverse("wagtailadmin_home"))
    row = page.locator("tr", has_text=title)
    row.locator("button[aria-expanded]").first.click()
    with page.expect_navigation():
        row.locator(
            "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
        ).click()
    page.wait_for_load_state("networkidle")


def test_editor_submits_a_contact_and_a_moderator_approves_it(live_server, session):
    member_of("Editors", "eva")
    member_of("Moderators", "moritz")

    editor = session("eva")
    editor.goto(live_server.url + reverse("wagtailsnippets_contacts_contact:add") + "?locale=de")
    editor.fill("input[name=given_name]", "Jana")
    editor.fill("input[name=family_name]", "Berger")
    editor.fill("input[name=role]", "Referentin Pflege")
    editor.fill("input[name=key]", "j-berger")
    editor.locator("footer .w-dropdown-button [aria-expanded]").click()
    editor.locator("button[name=action-submit]").click()
    editor.wait_for_load_state("networkidle")
    contact = Contact.objects.get(key="j-berger")
    assert not contact.live
    assert contact.current_workflow_task.name == MODERATION

    moderator = session("moritz")
    approve_on_dashboard(moderator, live_server.url, "Jana Berger")
    moderator.screenshot(path=str(ARTIFACTS / "review-contact-approved.png"), full_page=True)

    assert Contact.objects.get(key="j-berger").live
    assert editor.errors == [] and moderator.errors == []


def test_two_organisations_sign_a_position_and_an_edit_asks_again(
    live_server, settings, session, site_tree
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    paper = build_paper(site_tree)
    submit(paper.paper, paper.editor)
    title = paper.paper.title

    signer = session("sabine")
    approve_on_dashboard(signer, live_server.url, title)
    assert paper.awo.sign_offs.get().approved

    # The editor changes the teaser: both organisations are asked again.
    editor = session("eva")
    editor.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[paper.paper.pk]))
    editor.fill("textarea[name=teaser]", "Pflege braucht Zeit und Geld.")
    editor.get_by_role("button", name="Entwurf speichern").click()
    editor.wait_for_load_state("networkidle")
    state = PositionPage.objects.get(pk=paper.paper.pk).current_workflow_task_state
    assert state.task.name == "Mitzeichnung"
    assert state.revision.as_object().teaser == "Pflege braucht Zeit und Geld."
    assert not state.cosigning_sign_offs.exists()

    approve_on_dashboard(signer, live_server.url, title)
    assert not PositionPage.objects.get(pk=paper.paper.pk).live

    visitor = session(None)
    visitor.goto(live_server.url + links_by_recipient()[CARITAS_MAIL])
    visitor.get_by_text("Pflege braucht Zeit und Geld.").wait_for()
    visitor.get_by_role("button", name="Zustimmen").click()
    visitor.get_by_role("status").wait_for()
    visitor.screenshot(path=str(ARTIFACTS / "cosigning-link-approved.png"), full_page=True)
    assert not PositionPage.objects.get(pk=paper.paper.pk).live

    moderator = session("moritz")
    approve_on_dashboard(moderator, live_server.url, title)

    published = PositionPage.objects.get(pk=paper.paper.pk)
    assert published.live
    assert published.teaser == "Pflege braucht Zeit und Geld."
    assert [p.errors for p in (signer, editor, visitor, moderator)] == [[], [], [], []]
