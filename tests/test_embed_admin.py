"""The embed-code helper in the page editor's promote tab (German admin)."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import checks
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from embeds.checks import check_frame_ancestors
from embeds.panels import snippets_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_admin_client(client, db):
    """A superuser who has not chosen an admin language: the admin follows LANGUAGE_CODE."""
    user = get_user_model().objects.create_superuser(
        username="einbettung", email="einbettung@example.org", password="unused-password"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = ""
    profile.save()
    client.force_login(user)
    return client


def edit_form(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def textareas(page_html: str) -> list[str]:
    return [
        html.unescape(t)
        for t in re.findall(r'<textarea [^\n]*?w-action#select">(.*?)</textarea>', page_html, re.S)
    ]


def test_topic_editor_shows_the_embed_code_in_german(german_admin_client, hub):
    page_html = edit_form(german_admin_client, hub.migration)

    assert "Einbettungscode" in page_html
    assert "Positionen dieses Themas (Skript)" in page_html
    assert "Kopieren" in page_html
    script = '<script src="http://testserver/embed/v1/liga-embed.js" defer></script>'
    assert textareas(page_html) == [
        f'{script}\n<liga-topic slug="flucht-und-migration"></liga-topic>',
        f'{script}\n<liga-positions topic="flucht-und-migration"></liga-positions>',
        f'{script}\n<liga-contacts topic="flucht-und-migration"></liga-contacts>',
        '<iframe src="http://testserver/embed/v1/topics/flucht-und-migration/" '
        'title="Flucht und Migration" width="100%" height="600" loading="lazy" '
        'style="border:0"></iframe>',
        "http://testserver/feeds/positions/?topic=flucht-und-migration",
    ]


def test_position_editor_shows_the_embed_code_of_that_position(german_admin_client, hub):
    codes = textareas(edit_form(german_admin_client, hub.rueckkehr))

    assert codes[0].endswith('<liga-positions slug="rueckkehrberatung"></liga-positions>')
    assert 'src="http://testserver/embed/v1/positions/?slug=rueckkehrberatung"' in codes[1]


def test_snippet_of_a_translation_names_its_locale(hub):
    arabic = hub.migration.copy_for_translation(
        Locale.objects.get(language_code="ar"), copy_parents=True
    )

    codes = [snippet.code for snippet in snippets_for(arabic)]

    assert codes[0].endswith('<liga-topic slug="flucht-und-migration" locale="ar"></liga-topic>')
    assert "/embed/v1/topics/flucht-und-migration/?locale=ar" in codes[3]


def test_every_snippet_url_answers(client, hub):
    for page in (hub.migration, hub.rueckkehr):
        for snippet in snippets_for(page):
            for url in re.findall(r'(?:src="|^)(http://testserver/[^"\s]+)', snippet.code):
                response = client.get(url.removeprefix("http://testserver"))
                assert response.status_code == 200, url


def test_new_page_form_has_no_embed_code_yet(german_admin_client, site_tree):
    url = reverse("wagtailadmin_pages:add", args=["home", "topicpage", site_tree.topics.pk])

    response = german_admin_client.get(url)

    assert response.status_code == 200
    assert "Einbettungscode" not in response.content.decode()


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("*", True),
        ("'self' https://www.awo-sachsen.de, https://*.drk.de:443", True),
        ("https://a.example; script-src *", False),
        ("https://a.example 'unsafe-inline'", False),
    ],
)
def test_frame_ancestors_setting_is_checked(settings, value, valid):
    settings.EMBED_FRAME_ANCESTORS = value

    errors = check_frame_ancestors(None)

    assert (errors == []) is valid
    assert all(isinstance(error, checks.Error) and error.id == "embeds.E001" for error in errors)
