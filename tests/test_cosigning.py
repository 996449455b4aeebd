"""Co-signing ("Mitzeichnung"): the organisations of a position approve its text, in the admin
or through a single-use link; an edit asks again; the paper publishes only after all of them
and the moderators."""

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cosigning.links import SALT
from cosigning.models import SignOff, SignOffLink
from positions.models import PositionPage
from tests.cosigning_helpers import build_paper, links_by_recipient, submit
from tests.reviewing import MODERATION

pytestmark = pytest.mark.django_db

AWO_MAIL, CARITAS_MAIL = "mitzeichnung@awo.example.org", "mitzeichnung@caritas.example.org"


@pytest.fixture
def paper(site_tree):
    return build_paper(site_tree)


def task_state(page) -> TaskState:
    return PositionPage.objects.get(pk=page.pk).current_workflow_task_state


def act_in_admin(client, user, page, action, comment=""):
    """Approve or decline as in the dashboard's "Awaiting your review" panel."""
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state(page).pk])
    return client.post(url, {"comment": comment})


def actions_logged(page, action) -> list[dict]:
    entries = PageLogEntry.objects.filter(page=page, action=action).order_by("pk")
    return [entry.data for entry in entries]


def test_submitting_asks_every_organisation_with_a_link_of_its_own(paper):
    submit(paper.paper, paper.editor)

    state = task_state(paper.paper)
    assert state.task.name == "Mitzeichnung"
    links = links_by_recipient()
    assert set(links) == {AWO_MAIL, CARITAS_MAIL}
    assert links[AWO_MAIL] != links[CARITAS_MAIL]
    assert all(paper.paper.title in message.subject for message in mail.outbox)
    requested = actions_logged(paper.paper, "cosigning.request")
    assert [entry["organisation"]["name"] for entry in requested] == ["AWO", "Caritas"]
    # Only a digest of each link's secret is stored.
    for link in SignOffLink.objects.all():
        assert link.digest not in links[AWO_MAIL] + links[CARITAS_MAIL]


def test_account_and_link_approve_then_moderators_publish(client, paper):
    submit(paper.paper, paper.editor)

    response = act_in_admin(client, paper.signer, paper.paper, "approve", comment="Passt.")
    assert response.status_code == 302
    assert SignOff.objects.get(organisation=paper.awo).via == "account"
    assert task_state(paper.paper).task.name == "Mitzeichnung"  # Caritas has not decided

    client.logout()
    link = links_by_recipient()[CARITAS_MAIL]
    page = client.get(link)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "noindex" in page["X-Robots-Tag"]
    html = page.content.decode()
    assert paper.paper.title in html and "Zustimmen" in html and "Ablehnen" in html
    assert client.post(link, {"decision": "approve", "comment": ""}).status_code == 200

    assert not PositionPage.objects.get(pk=paper.paper.pk).live
    assert task_state(paper.paper).task.name == MODERATION
    act_in_admin(client, paper.moderator, paper.paper, "approve")

    assert PositionPage.objects.get(pk=paper.paper.pk).live
    approvals = actions_logged(paper.paper, "cosigning.approve")
    assert [(entry["organisation"]["name"], entry["via"]) for entry in approvals] == [
        ("AWO", "account"),
        ("Caritas", "link"),
    ]
    assert approvals[0]["comment"] == "Passt."


def test_only_signers_of_a_co_signing_organisation_can_sign(client, paper):
    submit(paper.paper, paper.editor)
    client.force_login(paper.moderator)
    state = task_state(paper.paper)
    url = reverse("wagtailadmin_pages:workflow_action", args=[paper.paper.pk, "approve", state.pk])

    client.post(url, {"comment": ""})

    assert not SignOff.objects.exists()
    assert task_state(paper.paper).pk == state.pk


def test_a_link_works_once(client, paper):
    submit(paper.paper, paper.editor)
    link = links_by_recipient()[CARITAS_MAIL]
    # An approval that leaves the task open (AWO has not decided) still uses up the link.
    assert client.post(link, {"decision": "approve"}).status_code == 200

    assert client.get(link).status_code == 410
    assert client.post(link, {"decision": "decline"}).status_code == 410
    assert SignOff.objects.get().approved


def test_an_expired_link_is_refused(client, paper):
    submit(paper.paper, paper.editor)
    SignOffLink.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))

    response = client.post(links_by_recipient()[CARITAS_MAIL], {"decision": "approve"})

    assert response.status_code == 410
    assert not SignOff.objects.exists()


def test_a_tampered_or_forged_link_is_refused(client, paper):
    submit(paper.paper, paper.editor)
    link = links_by_recipient()[CARITAS_MAIL]
    token = link.split("/")[2]
    tampered = link.replace(token, token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"))
    caritas_link = SignOffLink.objects.get(organisation=paper.caritas)
    # Correctly signed, but not the secret of that link.
    forged = signing.dumps({"link": caritas_link.pk, "secret": "guess"}, salt=SALT)

    assert client.post(tampered, {"decision": "approve"}).status_code == 404
    assert client.post(f"/mitzeichnung/{forged}/", {"decision": "approve"}).status_code == 404
    assert not SignOff.objects.exists()


def test_a_decline_sends_the_paper_back_to_its_editors(client, paper):
    submit(paper.paper, paper.editor)

    client.post(links_by_recipient()[CARITAS_MAIL], {"decision": "decline", "comment": "Nein."})

    state = PositionPage.objects.get(pk=paper.paper.pk).current_workflow_state
    assert state.status == "needs_changes"
    assert not PositionPage.objects.get(pk=paper.paper.pk).live
    declined = actions_logged(paper.paper, "cosigning.decline")
    assert declined[0]["organisation"]["name"] == "Caritas"
    assert declined[0]["comment"] == "Nein."


def edit_data(paper, teaser) -> dict:
    page = PositionPage.objects.get(pk=paper.paper.pk)
    topic_link = page.topic_links.get()
    organisation_links = list(page.organisation_links.order_by("sort_order"))
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "teaser": teaser,
            "kind": page.kind,
            "published": page.published.isoformat(),
            "topic_links": inline_formset(
                [{"id": topic_link.pk, "topic": paper.topic.pk}], initial=1, min=1
            ),
            "image": "",
            "image_alt": "",
            "body": streamfield([]),
            "document": "",
            "contact_links": inline_formset([]),
            "organisation_links": inline_formset(
                [
                    {"id": link.pk, "organisation": link.organisation_id, "required": "on"}
                    for link in organisation_links
                ],
                initial=len(organisation_links),
            ),
        }
    )


def test_an_edit_after_a_sign_off_asks_every_organisation_again(client, paper):
    submit(paper.paper, paper.editor)
    first_links = links_by_recipient()
    act_in_admin(client, paper.signer, paper.paper, "approve")
    first_state = task_state(paper.paper)

    client.force_login(paper.editor)
    edit = reverse("wagtailadmin_pages:edit", args=[paper.paper.pk])
    response = client.post(edit, edit_data(paper, "Pflege braucht Zeit und Geld."))
    assert response.status_code == 302, response.content.decode()[:3000]

    state = task_state(paper.paper)
    assert state.task.name == "Mitzeichnung"
    assert state.pk != first_state.pk
    assert state.revision.as_object().teaser == "Pflege braucht Zeit und Geld."
    # The old links no longer work; new ones went out; AWO's sign-off was for the old text.
    assert client.get(first_links[CARITAS_MAIL]).status_code == 410
    new_links = links_by_recipient()
    assert new_links[AWO_MAIL] != first_links[AWO_MAIL]
    assert not state.cosigning_sign_offs.exists()
    assert actions_logged(paper.paper, "cosigning.reset")

    client.logout()
    client.post(new_links[CARITAS_MAIL], {"decision": "approve"})
    assert task_state(paper.paper).task.name == "Mitzeichnung"  # AWO must approve again
    act_in_admin(client, paper.signer, paper.paper, "approve")
    assert task_state(paper.paper).task.name == MODERATION


def test_a_moderators_edit_after_co_signing_goes_back_to_co_signing(client, paper):
    submit(paper.paper, paper.editor)
    act_in_admin(client, paper.signer, paper.paper, "approve")
    client.post(links_by_recipient()[CARITAS_MAIL], {"decision": "approve"})
    assert task_state(paper.paper).task.name == MODERATION

    client.force_login(paper.moderator)
    edit = reverse("wagtailadmin_pages:edit", args=[paper.paper.pk])
    response = client.post(edit, edit_data(paper, "Vom Moderator gekürzt."))

    assert response.status_code == 302
    state = task_state(paper.paper)
    assert state.task.name == "Mitzeichnung"
    assert state.revision.as_object().teaser == "Vom Moderator gekürzt."
    assert not PositionPage.objects.get(pk=paper.paper.pk).live


def test_a_paper_without_required_co_signers_goes_straight_to_the_moderators(paper):
    paper.paper.organisation_links.update(required=False)
    paper.paper.save_revision(user=paper.editor)

    submit(paper.paper, paper.editor)

    assert task_state(paper.paper).task.name == MODERATION
    assert not SignOffLink.objects.exists()
    assert links_by_recipient() == {}


def test_every_organisation_gets_a_signers_group_with_admin_access(paper):
    assert paper.awo.signers.name == "Mitzeichnende: AWO"
    assert paper.awo.signers.permissions.filter(codename="access_admin").exists()
