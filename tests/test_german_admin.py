"""The admin and the public pages speak German by default: our English msgids are translated.

The catalogs live in each app's ``locale/de`` (the apps are plugins) and in the project's
``locale/de`` for the shared templates; the compiled ``.mo`` files are committed, so these
tests need no gettext tools.
"""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from contacts.factories import ContactFactory
from contacts.models import Contact
from core.factories import LigaDocumentFactory
from home.factories import TopicPageFactory
from home.models import TopicPage
from positions.factories import PositionPageFactory
from positions.models import PositionKind, PositionPage
from tests.admin_crawl import json_labels as menu_labels
from tests.users import with_admin_language

APPS_WITH_STRINGS = (
    "core",
    "contacts",
    "home",
    "positions",
    "importer",
    "translations",
    "embeds",
    "cosigning",
    "integration",
)

BASE_DIR = Path(settings.BASE_DIR)
# Each app carries its own catalog; the project's covers templates/ and cms/.
CATALOGS = [
    *(BASE_DIR / app / "locale/de/LC_MESSAGES/django.po" for app in APPS_WITH_STRINGS),
    BASE_DIR / "locale/de/LC_MESSAGES/django.po",
]


@pytest.fixture
def german_superuser(db):
    """A superuser who has not chosen an admin language, so the admin follows LANGUAGE_CODE."""
    user = get_user_model().objects.create_superuser(
        username="redaktion-de", email="redaktion-de@example.org", password="unused-password"
    )
    return with_admin_language(user, "")


@pytest.fixture
def german_admin_client(client, german_superuser):
    client.force_login(german_superuser)
    return client


# The catalogs themselves


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalog_is_complete_and_compiled(po_path):
    """Every msgid has a German msgstr (both plural forms), none is fuzzy, and the committed
    .mo holds exactly what the .po says (i.e. compilemessages was run after the last edit)."""
    po = polib.pofile(str(po_path))
    assert len(po.translated_entries()) > 0
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.get(i) for i in (0, 1)), entry.msgid

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run compilemessages"
    compiled = {
        (e.msgid, e.msgid_plural): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    source = {
        (e.msgid, e.msgid_plural): (e.msgstr, dict(e.msgstr_plural))
        for e in po.translated_entries()
    }
    assert compiled == source, f"{mo_path} is stale: run compilemessages"


# (a) Model labels and choices


def test_model_labels_and_choices_are_german():
    with translation.override("de"):
        assert PositionKind.POSITION_PAPER.label == "Positionspapier"
        assert PositionKind.STATEMENT.label == "Stellungnahme"
        assert PositionKind.PRESS_RELEASE.label == "Pressemitteilung"
        assert PositionKind.OPEN_LETTER.label == "Offener Brief"
        assert PositionPage._meta.verbose_name == "Position"
        assert PositionPage._meta.verbose_name_plural == "Positionen"
        assert PositionPage._meta.get_field("published").verbose_name == "Veröffentlichungsdatum"
        assert PositionPage._meta.get_field("teaser").verbose_name == "Anreißer"
        assert TopicPage._meta.verbose_name == "Thema"
        assert Contact._meta.verbose_name == "Ansprechperson"
        assert Contact._meta.verbose_name_plural == "Ansprechpersonen"
        assert Contact._meta.get_field("given_name").verbose_name == "Vorname"
        assert Contact._meta.get_field("honorific").verbose_name == "Titel"


def test_english_is_still_the_source_language():
    with translation.override("en"):
        assert PositionKind.POSITION_PAPER.label == "Position paper"
        assert Contact._meta.verbose_name_plural == "contact people"


# (b) The page editor


def test_add_position_form_is_german(german_admin_client, site_tree):
    url = reverse(
        "wagtailadmin_pages:add", args=["positions", "positionpage", site_tree.positions.pk]
    )
    assert url == f"/admin/pages/add/positions/positionpage/{site_tree.positions.pk}/"

    response = german_admin_client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in html
    for label in (
        "Veröffentlichungsdatum",
        "Positionspapier",
        "Stellungnahme",
        "Pressemitteilung",
        "Offener Brief",
        "Anreißer",
        "Themen",
        "Ansprechpersonen und mitunterzeichnende Verbände",
        "Alternativtext des Bildes",
    ):
        assert label in html, label
    # Wagtail's own German is still there next to ours.
    assert "Veröffentlichen" in html
    assert "Publication date" not in html


def test_admin_language_preference_still_wins(wagtail_admin_client, site_tree):
    """The conftest's superuser chose English: the same form is English for them."""
    response = wagtail_admin_client.get(
        reverse(
            "wagtailadmin_pages:add", args=["positions", "positionpage", site_tree.positions.pk]
        )
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Publication date" in html
    assert "Veröffentlichungsdatum" not in html


# (c) The contact snippets


def test_contact_listing_is_german(german_admin_client):
    ContactFactory(given_name="Nadine", family_name="Börner", role="Referentin Migration")

    response = german_admin_client.get(reverse(Contact.snippet_viewset.get_url_name("list")))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ansprechpersonen" in html
    assert "<title>Ansprechpersonen - Wagtail</title>" in html
    # The "Kontakte" menu with both snippets (the sidebar is JSON, so non-ASCII is escaped).
    sidebar = json.loads(
        re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)[1]
    )
    assert {"Kontakte", "Ansprechpersonen", "Mitgliedsverbände"} <= set(menu_labels(sidebar))
    assert "Nadine Börner" in html
    assert "Contact people" not in html


def test_contact_edit_form_is_german(german_admin_client):
    contact = ContactFactory()

    response = german_admin_client.get(
        reverse(Contact.snippet_viewset.get_url_name("edit"), args=[contact.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Titel", "Vorname", "Nachname", "Funktion", "E-Mail", "Telefon", "Schlüssel"):
        assert label in html, label


# (d) The public pages


def test_topic_page_renders_german_ui_strings(client, site_tree):
    contact = ContactFactory(given_name="Nadine", family_name="Börner")
    topic = TopicPageFactory(
        parent=site_tree.topics,
        title="Flucht und Migration",
        slug="flucht-und-migration",
        contacts=[contact],
    )
    PositionPageFactory(
        parent=site_tree.positions,
        title="Rückkehrberatung",
        kind=PositionKind.STATEMENT,
        topics=[topic],
        document=LigaDocumentFactory(pages=["Seite eins", "Seite zwei"]),
    )

    response = client.get(topic.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="positions-heading">Positionen</h2>' in html
    assert '<h2 id="contacts-heading">Ansprechperson</h2>' in html
    assert "Stellungnahme" in html
    assert "PDF herunterladen" in html
    assert "2 Seiten" in html
    assert "Zum Inhalt springen" in html  # project-level base.html
    assert "E-Mail" in html
    assert "Telefon" in html
    for english in ("Positions", "Contact person", "Download the paper", "Skip to content"):
        assert english not in html, english


def test_unknown_page_gives_german_404(client, site_tree):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


# (e) Every admin page the three roles use, crawled for English


def contact_form(user, **data):
    from wagtail.admin.panels import get_edit_handler
    from wagtail.models import Locale

    form_class = get_edit_handler(Contact).get_form_class()
    fields = {"given_name": "Nadine", "family_name": "Börner", "key": "", **data}
    return form_class(data=fields, instance=Contact(locale=Locale.get_default()), for_user=user)


def test_a_new_contact_gets_its_key_from_the_name_unless_one_is_given(german_superuser):
    ContactFactory(key="n-boerner")

    made = contact_form(german_superuser)
    chosen = contact_form(german_superuser, key="nadine")

    assert made.is_valid(), made.errors
    assert made.cleaned_data["key"] == "n-boerner-2"
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["key"] == "nadine"


def test_an_invalid_phone_number_is_reported_once(german_superuser):
    form = contact_form(german_superuser, phone="12")

    assert not form.is_valid()
    assert len(form.errors["phone"]) == 1


def test_dates_in_the_page_editor_are_german(german_admin_client, site_tree):
    import datetime

    position = PositionPageFactory(parent=site_tree.positions, published=datetime.date(2026, 12, 7))

    html = german_admin_client.get(reverse("wagtailadmin_pages:edit", args=[position.pk]))

    assert 'value="07.12.2026"' in html.content.decode()


def test_the_dashboard_asks_no_other_host(german_admin_client):
    html = german_admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "gravatar" not in html
    assert "releases.wagtail.org" not in html
    assert "data-w-upgrade" not in html


def test_new_slugs_are_ascii_and_existing_unicode_slugs_keep_working(
    client, german_admin_client, site_tree
):
    topic = TopicPageFactory(parent=site_tree.topics, title="Übersetzen", slug="übersetzen")
    add = reverse("wagtailadmin_pages:add", args=["home", "topicpage", site_tree.topics.pk])

    html = german_admin_client.get(add).content.decode()

    # The slug field's script turns "Übersetzen" into "ubersetzen", not "übersetzen" (its
    # unicode switch is left out, i.e. off).
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html
    assert client.get(topic.url).status_code == 200


def test_the_image_form_says_what_the_description_is_for(german_admin_client):
    from core.factories import LigaImageFactory

    image = LigaImageFactory()

    html = german_admin_client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()

    assert "Alternativtext des Bildes für blinde Leserinnen und Leser" in html
