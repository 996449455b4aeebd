"""Contact people: valid phone and e-mail, display name, draft/publish with revisions, admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision

from contacts.factories import ContactFactory, MemberOrganisationFactory
from contacts.models import Contact
from home.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def full_clean_errors(instance):
    """The messages of ``instance.full_clean()`` by field, in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            instance.full_clean()
        return {field: [str(m) for m in messages] for field, messages in excinfo.value}


def snippet_url(action, *args):
    return reverse(Contact.snippet_viewset.get_url_name(action), args=args)


# Phone and e-mail


@pytest.mark.parametrize(
    ("shown", "e164"),
    [
        ("0351 82871-199", "+4935182871199"),
        ("0351 82871152", "+4935182871152"),
        ("+49 351 82871-152", "+4935182871152"),
        ("(0341) 123 456 78", "+4934112345678"),
        ("0171 1234567", "+491711234567"),
    ],
)
def test_phone_is_stored_as_shown_and_as_e164(shown, e164):
    contact = ContactFactory(phone=shown)

    contact.refresh_from_db()
    assert contact.phone == shown
    assert contact.phone_e164 == e164


def test_phone_e164_follows_a_changed_phone():
    contact = ContactFactory(phone="0351 82871-199")

    contact.phone = "0351 82871-152"
    contact.save()
    contact.refresh_from_db()

    assert contact.phone_e164 == "+4935182871152"


def test_empty_phone_gives_empty_e164():
    contact = ContactFactory(phone="")

    contact.full_clean()

    assert contact.phone_e164 == ""


@pytest.mark.parametrize("phone", ["12345", "0351 1", "Telefon", "+49 0000 000000"])
def test_invalid_phone_is_refused_naming_the_field(phone):
    contact = ContactFactory.build(phone=phone, organisation=None)

    errors = full_clean_errors(contact)

    assert list(errors) == ["phone"]
    assert phone in errors["phone"][0]
    assert "not a" in errors["phone"][0]


def test_invalid_phone_cannot_be_saved_in_code():
    contact = ContactFactory.build(phone="12345", organisation=None)

    with pytest.raises(ValidationError):
        contact.save()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("email", ["maria.lehmann", "maria@", "@example.org", "a b@example.org"])
def test_invalid_email_is_refused_naming_the_field(email):
    contact = ContactFactory.build(email=email, organisation=None)

    errors = full_clean_errors(contact)

    assert list(errors) == ["email"]
    assert "valid email" in errors["email"][0]


def test_factory_contact_is_valid_and_uses_example_org():
    contact = ContactFactory()

    contact.full_clean()

    assert contact.email.endswith("@example.org")
    assert contact.live


# Display name


@pytest.mark.parametrize(
    ("honorific", "name"),
    [
        ("Dr.", "Dr. Maria Lehmann"),
        ("Prof. Dr.", "Prof. Dr. Maria Lehmann"),
        ("", "Maria Lehmann"),
    ],
)
def test_name_includes_the_honorific(honorific, name):
    contact = ContactFactory(honorific=honorific, given_name="Maria", family_name="Lehmann")

    assert contact.name == name
    assert str(contact) == name


# Draft, revisions, publish


def test_new_draft_contact_is_not_live_until_published(site_tree):
    contact = ContactFactory(live=False, given_name="Anna", family_name="Krüger")
    topic = TopicPageFactory(parent=site_tree.topics, contacts=[contact])
    assert topic.contacts() == []

    revision = contact.save_revision()
    revision.publish()
    contact.refresh_from_db()

    assert contact.live
    assert contact.live_revision == revision
    assert not contact.has_unpublished_changes
    assert [c.pk for c in topic.contacts()] == [contact.pk]


def test_draft_changes_stay_unpublished_until_publish():
    contact = ContactFactory(role="Referentin Migration")
    contact.save_revision().publish()

    contact.role = "Referentin Flucht und Migration"
    draft = contact.save_revision()
    live = Contact.objects.get(pk=contact.pk)

    assert live.role == "Referentin Migration"
    assert live.has_unpublished_changes
    assert live.latest_revision == draft
    assert draft.as_object().role == "Referentin Flucht und Migration"

    draft.publish()
    live.refresh_from_db()

    assert live.role == "Referentin Flucht und Migration"
    assert not live.has_unpublished_changes
    assert live.live_revision == draft
    assert Revision.objects.for_instance(live).count() == 2


def test_unpublished_contact_disappears_from_topics(site_tree):
    contact = ContactFactory()
    contact.save_revision().publish()
    topic = TopicPageFactory(parent=site_tree.topics, contacts=[contact])
    assert topic.contacts() == [contact]

    contact.unpublish()

    assert topic.contacts() == []


def test_revision_with_invalid_phone_is_refused():
    contact = ContactFactory()
    contact.phone = "12345"

    with pytest.raises(ValidationError) as excinfo:
        contact.save_revision()

    assert "phone" in excinfo.value.message_dict
    assert not Revision.objects.for_instance(contact).exists()


# Snippet admin


def test_snippet_listing_is_searchable(wagtail_admin_client):
    ContactFactory(given_name="Nadine", family_name="Börner")
    ContactFactory(given_name="Thomas", family_name="Weber")

    response = wagtail_admin_client.get(snippet_url("list"), {"q": "Börner"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nadine Börner" in html
    assert "Thomas Weber" not in html


def test_snippet_listing_finds_contact_by_organisation(wagtail_admin_client):
    organisation = MemberOrganisationFactory(name="Diakonie Sachsen", short_name="Diakonie")
    ContactFactory(given_name="Tobias", family_name="Krause", organisation=organisation)
    ContactFactory(given_name="Thomas", family_name="Weber")

    response = wagtail_admin_client.get(snippet_url("list"), {"q": "Diakonie"})

    html = response.content.decode()
    assert "Tobias Krause" in html
    assert "Thomas Weber" not in html


def contact_form_data(**overrides):
    data = {
        "honorific": "Dr.",
        "given_name": "Maria",
        "family_name": "Lehmann",
        "role": "Referentin",
        "organisation": "",
        "email": "m.lehmann@example.org",
        "phone": "0351 82871-152",
        "photo": "",
        "photo_alt": "",
        "key": "m-lehmann",
    }
    data.update(overrides)
    return data


def test_admin_creates_and_publishes_contact(wagtail_admin_client, locale_de):
    response = wagtail_admin_client.post(
        snippet_url("add") + "?locale=de", {**contact_form_data(), "action-publish": "publish"}
    )

    assert response.status_code == 302
    contact = Contact.objects.get(key="m-lehmann")
    assert contact.live
    assert contact.locale == locale_de
    assert contact.phone_e164 == "+4935182871152"
    assert contact.live_revision is not None


def test_admin_saves_contact_as_draft(wagtail_admin_client):
    response = wagtail_admin_client.post(snippet_url("add") + "?locale=de", contact_form_data())

    assert response.status_code == 302
    contact = Contact.objects.get(key="m-lehmann")
    assert not contact.live
    assert contact.latest_revision is not None


def test_admin_refuses_invalid_phone_and_email_beside_the_fields(wagtail_admin_client):
    response = wagtail_admin_client.post(
        snippet_url("add") + "?locale=de",
        contact_form_data(phone="12345", email="keine-adresse"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "email"}
    assert not Contact.objects.exists()
