"""The admin's choosers: a position's topic is chosen starting at „Themen“, not at the tree's
root; snippet choosers speak the language of each request."""

import pytest
from django.contrib.auth import get_user_model

from home.factories import TopicPageFactory
from tests.users import with_admin_language

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/choose-page/"


def chooser_html(client, **params) -> str:
    response = client.get(CHOOSER, params)
    assert response.status_code == 200
    return response.json()["html"]


@pytest.fixture
def topics_in_two_languages(site_tree, locale_en):
    pflege = TopicPageFactory(parent=site_tree.topics, title="Pflege")
    pflege.copy_for_translation(locale_en, copy_parents=True).save_revision().publish()
    return pflege


def test_choosing_a_topic_starts_at_the_topic_index_of_the_admins_language(
    wagtail_admin_client, topics_in_two_languages, site_tree
):
    html = chooser_html(wagtail_admin_client, page_type="home.topicpage")

    assert "Pflege" in html, "the topics are listed at once"
    assert f"/admin/choose-page/{site_tree.topics.get_parent().pk}/" in html, "one level up"


def test_other_choosers_and_an_explicit_parent_are_unchanged(
    wagtail_admin_client, topics_in_two_languages, site_tree
):
    # Any page: the root, as Wagtail does.
    assert "Pflege" not in chooser_html(wagtail_admin_client, page_type="wagtailcore.page")
    # A parent named in the URL wins.
    html = wagtail_admin_client.get(
        f"{CHOOSER}{site_tree.home.pk}/", {"page_type": "home.topicpage"}
    ).json()["html"]
    assert "Pflege" not in html
    assert "Themen" in html


def test_snippet_chooser_buttons_speak_the_language_of_each_request(client, superuser):
    """The admin's form class, widgets included, is made once per process: the chooser's
    texts must not keep the language of the request that happened to make it."""
    german = with_admin_language(
        get_user_model().objects.create_superuser("redaktion-de", "r@example.org", "unused"), "de"
    )
    add_contact = "/admin/snippets/contacts/contact/add/"

    for user, expected, absent in (
        (superuser, "Choose member organisation", "Mitgliedsverband auswählen"),
        (german, "Mitgliedsverband auswählen", "Choose member organisation"),
        (superuser, "Choose member organisation", "Mitgliedsverband auswählen"),
    ):
        client.force_login(user)
        html = client.get(add_contact).content.decode()
        assert expected in html
        assert absent not in html
