"""Contact people and member organisations go through the Moderators' review like pages:
an editor submits, moderators are notified and approve (live) or request changes (draft)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry, WorkflowContentType

from contacts.factories import MemberOrganisationFactory
from contacts.models import Contact, MemberOrganisation
from tests.reviewing import MODERATION, member_of, workflow_action

pytestmark = pytest.mark.django_db


def url(model: str, action: str, *args) -> str:
    return reverse(f"wagtailsnippets_contacts_{model}:{action}", args=args)


CONTACT = {
    "honorific": "",
    "given_name": "Jana",
    "family_name": "Berger",
    "role": "Referentin Pflege",
    "organisation": "",
    "email": "j.berger@example.org",
    "phone": "0351 82871-160",
    "photo": "",
    "photo_alt": "",
    "key": "j-berger",
}
ORGANISATION = {
    "name": "Landesverband Pflege e. V.",
    "short_name": "LV Pflege",
    "key": "lv-pflege",
    "website": "https://lv-pflege.example.org/",
    "logo": "",
    "logo_alt": "",
    "cosigning_email": "",
    "signers": "",
}
CASES = [
    ("contact", Contact, CONTACT, "j-berger"),
    ("memberorganisation", MemberOrganisation, ORGANISATION, "lv-pflege"),
]


@pytest.fixture
def editor(db):
    return member_of("Editors", "eva")


@pytest.fixture
def moderator(db):
    return member_of("Moderators", "moritz")


def test_the_moderators_workflow_covers_contacts_and_organisations():
    for model in (Contact, MemberOrganisation):
        assignment = WorkflowContentType.objects.get(content_type__model=model._meta.model_name)
        assert assignment.workflow.name == MODERATION


def submitted(client, editor, model, model_class, data, key):
    """The editor creates the item and submits it for review; the item, a draft."""
    client.force_login(editor)
    response = client.post(url(model, "add") + "?locale=de", {**data, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return model_class.objects.get(key=key)


@pytest.mark.parametrize(("model", "model_class", "data", "key"), CASES)
def test_editor_submits_and_moderator_approves_then_it_is_live(
    client, editor, moderator, model, model_class, data, key
):
    item = submitted(client, editor, model, model_class, data, key)

    assert not item.live
    assert item.current_workflow_task.name == MODERATION
    # The moderators hear of it by e-mail.
    assert any(moderator.email in message.to for message in mail.outbox)
    # The editor may not publish it alone.
    client.post(url(model, "edit", item.pk), {**data, "action-publish": "1"})
    item.refresh_from_db()
    assert not item.live

    client.force_login(moderator)
    response = client.post(url(model, "edit", item.pk), workflow_action("approve", **data))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="wagtail.workflow.approve")


@pytest.mark.parametrize(("model", "model_class", "data", "key"), CASES)
def test_changes_requested_keep_it_a_draft(
    client, editor, moderator, model, model_class, data, key
):
    item = submitted(client, editor, model, model_class, data, key)

    client.force_login(moderator)
    client.post(
        url(model, "edit", item.pk), workflow_action("reject", **data, comment="Rolle prüfen")
    )

    item.refresh_from_db()
    assert not item.live
    assert item.current_workflow_state.status == "needs_changes"


def test_an_existing_organisation_stays_live_and_an_unpublished_one_is_hidden(client):
    shown = MemberOrganisationFactory(key="sichtbar")
    hidden = MemberOrganisationFactory(key="entwurf", live=False)

    keys = [item["key"] for item in client.get("/api/v1/organisations/").json()["results"]]

    assert shown.live
    assert "sichtbar" in keys
    assert hidden.key not in keys
