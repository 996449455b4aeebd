"""The server-rendered embed pages (``/embed/v1/…``) and the script file they share a style with.

They show what the API shows (same items, languages and visibility), may be framed by the
sites ``EMBED_FRAME_ANCESTORS`` names, and answer bad options with a 400 page naming them.
"""

import base64
import gzip
import hashlib
import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from contacts.models import Contact
from embeds.assets import script
from frontend_api.views.locales import locale_items
from tests.api_helpers import count_queries
from tests.builders import (
    as_if_saved,
    move,
    people_with_media,
    private_collection,
    restrict_parent,
)
from tests.test_api_visibility import STATES

pytestmark = pytest.mark.django_db

POSITIONS = "/embed/v1/positions/"
TOPIC = "/embed/v1/topics/flucht-und-migration/"
CONTACTS = "/embed/v1/contacts/"
SCRIPT = "/embed/v1/liga-embed.js"


def html_of(response, status=200) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r'<h\d class="title">(?:<a href="[^"]*">)?([^<]+)', html)


def german_size(document) -> str:
    with translation.override("de"):
        return filesizeformat(document.file_size)


# What the pages show


def test_positions_embed_shows_seed_paper_in_german_date_format_with_its_pdf(client, hub):
    html = html_of(client.get(POSITIONS, {"topic": "flucht-und-migration"}))

    assert titles(html) == ["Offener Brief zur Unterbringung", "Rückkehrberatung braucht Zeit"]
    assert '<time datetime="2020-07-21">21. Juli 2020</time>' in html
    assert "Die LIGA fordert eine unabhängige, ergebnisoffene Beratung." in html
    pdf = f'<a href="http://testserver{hub.pdf.url}" type="application/pdf">PDF herunterladen'
    assert pdf in html
    assert f"(PDF, {german_size(hub.pdf)})" in html
    assert "<title>Flucht und Migration: Positionen – LIGA Sachsen</title>" in html
    assert '<html lang="de" dir="ltr">' in html


def test_positions_embed_filters_like_the_element_attributes(client, hub):
    by_kind = html_of(client.get(POSITIONS, {"topic": "armut", "kind": "statement"}))
    by_organisation = html_of(client.get(POSITIONS, {"organisation": "paritaet", "limit": 1}))
    one = html_of(client.get(POSITIONS, {"slug": "rueckkehrberatung", "heading-level": 4}))

    assert titles(by_kind) == ["Kita-Gebühren senken"]
    assert titles(by_organisation) == ["Sozialticket jetzt"]
    assert titles(one) == ["Rückkehrberatung braucht Zeit"]
    assert '<h4 class="title">' in one


def test_topic_embed_shows_intro_newest_positions_and_contacts_below_the_heading_level(client, hub):
    html = html_of(client.get(TOPIC, {"heading-level": 3}))

    assert '<h3 class="title"><a href="http://testserver/themen/flucht-und-migration/">' in html
    assert '<a href="http://testserver/positionen/rueckkehrberatung/">Beratung</a>' in html
    assert '<h4 class="heading" lang="de">Positionen</h4>' in html
    assert '<h4 class="heading" lang="de">Ansprechpersonen</h4>' in html
    assert titles(html) == [
        "Flucht und Migration",
        "Offener Brief zur Unterbringung",
        "Rückkehrberatung braucht Zeit",
        "Dr. Maria Lehmann",
        "Jürgen Özdemir",
    ]
    assert html.count('<h5 class="title">') == 4


def test_topic_intro_headings_become_bold_paragraphs_and_scripts_never_pass(client, hub):
    hub.migration.intro = "<h2>Worum es geht</h2><p>Schutz<script>alert(1)</script></p>"
    hub.migration.save_revision().publish()

    html = html_of(client.get(TOPIC))

    assert '<div class="intro"><p><strong>Worum es geht</strong></p><p>Schutz</p></div>' in html
    assert "alert(1)" not in html


def test_contacts_embed_shows_cards_with_mailto_and_tel_links(client, hub):
    html = html_of(client.get(CONTACTS, {"topic": "flucht-und-migration"}))

    assert titles(html) == ["Dr. Maria Lehmann", "Jürgen Özdemir"]
    assert '<a href="mailto:m.lehmann@example.org" dir="ltr">m.lehmann@example.org</a>' in html
    assert '<a href="tel:+4935182871152" dir="ltr">0351 82871-152</a>' in html
    assert "Der Paritätische Sachsen" in html and "Referentin Flucht und Migration" in html
    only_paritaet = html_of(client.get(CONTACTS, {"organisation": "paritaet"}))
    assert titles(only_paritaet) == ["Dr. Maria Lehmann"]


def test_arabic_translation_renders_right_to_left(client, hub):
    arabic_locale = hub.site_tree.home.locale.__class__.objects.get(language_code="ar")
    arabic = hub.rueckkehr.copy_for_translation(arabic_locale, copy_parents=True)
    arabic.title = "الإرشاد للعودة يحتاج إلى وقت"
    arabic.save_revision().publish()

    html = html_of(client.get(POSITIONS, {"locale": "ar"}))

    assert '<html lang="en" dir="rtl">' in html  # the embed's own words are English
    assert '<li class="item" lang="ar" dir="rtl">' in html
    assert titles(html) == ["الإرشاد للعودة يحتاج إلى وقت"]
    assert "Download PDF" in html


def test_fallback_fills_an_english_list_with_german_items_marked_as_german(client, hub):
    html = html_of(client.get(POSITIONS, {"locale": "en", "fallback": "true", "kind": "statement"}))

    assert '<html lang="en" dir="ltr">' in html
    assert '<li class="item" lang="de" dir="ltr">' in html
    assert '<time datetime="2023-03-01">1. März 2023</time>' in html  # German, like the item
    assert titles(html) == ["Kita-Gebühren senken"]


def test_empty_list_says_so(client, hub):
    html = html_of(client.get(POSITIONS, {"topic": "armut", "kind": "open_letter"}))

    assert '<p class="status" role="status">Keine Positionen gefunden.</p>' in html


# Errors


@pytest.mark.parametrize(
    ("url", "query", "param"),
    [
        (POSITIONS, {"limit": "0"}, "limit"),
        (POSITIONS, {"limit": "101"}, "limit"),
        (POSITIONS, {"kind": "pamphlet"}, "kind"),
        (POSITIONS, {"locale": "xx"}, "locale"),
        (POSITIONS, {"heading-level": "7"}, "heading-level"),
        (POSITIONS, {"topic": "armut", "colour": "red"}, "colour"),
        (POSITIONS, {"slug": "rueckkehrberatung", "topic": "armut"}, "slug"),
        (TOPIC, {"limit": "5"}, "limit"),
        (CONTACTS, {"fallback": "vielleicht"}, "fallback"),
    ],
)
def test_bad_options_answer_a_400_page_naming_the_parameter(client, hub, url, query, param):
    response = client.get(url, query)

    html = html_of(response, 400)
    assert f"<li><code>{param}</code>:" in html
    assert "Diese Einbettung hat ungültige Einstellungen:" in html
    assert "X-Frame-Options" not in response  # readable inside the frame too


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/embed/v1/topics/gibt-es-nicht/", {}),
        (POSITIONS, {"topic": "gibt-es-nicht"}),
        (POSITIONS, {"slug": "gibt-es-nicht"}),
        (CONTACTS, {"topic": "gibt-es-nicht"}),
    ],
)
def test_unknown_topic_or_position_answers_a_404_page(client, hub, url, query):
    response = client.get(url, query)

    assert "Diese Inhalte gibt es nicht (mehr)." in html_of(response, 404)
    assert "X-Frame-Options" not in response


# Visibility: the API's rules


@pytest.mark.parametrize("hide", STATES.values(), ids=STATES.keys())
def test_hidden_position_is_on_no_embed_page(client, hub, hide):
    hide(hub.brief)

    listed = html_of(client.get(POSITIONS, {"topic": "flucht-und-migration"}))
    topic = html_of(client.get(TOPIC))

    assert "Offener Brief zur Unterbringung" not in listed + topic
    if hide is not restrict_parent:  # which hides every position
        assert (
            "Rückkehrberatung braucht Zeit" in listed and "Rückkehrberatung braucht Zeit" in topic
        )
    assert client.get(POSITIONS, {"slug": "offener-brief"}).status_code == 404


@pytest.mark.parametrize("hide", STATES.values(), ids=STATES.keys())
def test_hidden_topic_has_no_embed_page(client, hub, hide):
    hide(hub.migration)

    assert client.get(TOPIC).status_code == 404
    assert client.get(CONTACTS, {"topic": "flucht-und-migration"}).status_code == 404


def test_unpublished_contact_and_private_pdf_are_never_shown(client, hub):
    Contact.objects.filter(pk=hub.oezdemir.pk).update(live=False)
    as_if_saved(hub.oezdemir)
    move(hub.pdf, private_collection())

    contacts = html_of(client.get(CONTACTS))
    position = html_of(client.get(POSITIONS, {"slug": "rueckkehrberatung"}))

    assert titles(contacts) == ["Dr. Maria Lehmann"]
    assert "PDF herunterladen" not in position and hub.pdf.url not in position


# Headers


def test_embed_pages_may_be_framed_by_any_site_by_default(client, hub):
    response = client.get(POSITIONS)

    html_of(response)
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors *")
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_frame_ancestors_come_from_the_setting(client, hub, settings):
    settings.EMBED_FRAME_ANCESTORS = "https://www.awo-sachsen.de, https://*.drk.de"

    for url in (POSITIONS, TOPIC, f"{POSITIONS}?limit=0", "/embed/v1/topics/nix/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert policy.endswith("frame-ancestors https://www.awo-sachsen.de https://*.drk.de")
        assert "X-Frame-Options" not in response


def test_the_one_inline_stylesheet_is_the_scripts_and_allowed_by_its_hash(client, hub):
    response = client.get(TOPIC)

    css = re.search(r"<style>(.*?)</style>", html_of(response), re.S)[1]
    assert css == script().css and ".list{" in css
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}';" in response["Content-Security-Policy"]


def test_embed_page_is_cached_and_answers_304_to_its_etag(client, hub):
    first = client.get(TOPIC)
    again = client.get(TOPIC, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=60"
    assert again.status_code == 304
    assert "frame-ancestors" in again["Content-Security-Policy"]


# The script file


def test_script_under_its_pasted_url_is_kept_an_hour_and_revalidated_by_etag(client, settings):
    settings.DEBUG = False  # served by the app, not by runserver's static files

    response = client.get(SCRIPT)
    zipped = client.get(SCRIPT, HTTP_ACCEPT_ENCODING="gzip")
    revalidated = client.get(SCRIPT, HTTP_IF_NONE_MATCH=response["ETag"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    # The same URL gets the next version: never `immutable`, never for a year.
    assert response["Cache-Control"] == "public, max-age=3600, stale-while-revalidate=86400"
    assert response.content == script().content
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == response.content
    assert revalidated.status_code == 304
    assert revalidated["Cache-Control"] == response["Cache-Control"]
    assert client.post(SCRIPT).status_code == 405


def test_script_under_its_content_hash_is_immutable_for_a_year(client):
    digest = hashlib.sha256(script().content).hexdigest()[:12]
    versioned = f"/embed/v1/liga-embed.{digest}.js"

    response = client.get(versioned)
    revalidated = client.get(versioned, HTTP_IF_NONE_MATCH=response["ETag"])

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.content == script().content
    assert response["ETag"] == client.get(SCRIPT)["ETag"]
    assert revalidated.status_code == 304
    assert client.post(versioned).status_code == 405


def test_script_of_an_older_version_leads_to_the_current_one_briefly(client):
    current = f"/embed/v1/liga-embed.{script().digest}.js"

    response = client.get("/embed/v1/liga-embed.0123456789ab.js")

    assert response.status_code == 302
    assert response["Location"] == current
    assert response["Cache-Control"] == "public, max-age=3600"
    assert client.get("/embed/v1/liga-embed.not-a-hash.js").status_code == 404


def test_script_stays_small_and_defines_the_three_elements():
    content = script().content.decode()

    assert len(gzip.compress(content.encode(), 9)) < 10 * 1024
    for name in ("liga-positions", "liga-topic", "liga-contacts"):
        assert f'customElements.define("{name}"' in content
    assert 'credentials: "omit"' in content
    assert "innerHTML" not in content and "eval(" not in content


def test_scripts_right_to_left_list_covers_every_rtl_locale_of_the_api():
    declared = re.search(r"var RTL = \[([^\]]*)\]", script().content.decode())[1]
    in_script = set(re.findall(r'"([a-z-]+)"', declared))

    rtl_locales = {item["code"] for item in locale_items() if item["direction"] == "rtl"}
    assert rtl_locales == {"ar", "fa"}
    assert rtl_locales <= in_script


# Queries


def grow(hub, count: int, offset: int = 0) -> None:
    """``count`` more positions of both topics, each with a PDF, two new contact people (also
    named on the topic, with photo and organisation logo) and a co-signer."""
    from core.factories import LigaDocumentFactory, LigaImageFactory
    from home.models import TopicContact
    from positions.factories import PositionPageFactory

    image = LigaImageFactory(title="Foto")
    for i in range(offset, offset + count):
        people = people_with_media(f"mehr-{i}", image)
        PositionPageFactory(
            parent=hub.site_tree.positions,
            slug=f"mehr-{i}",
            topics=[hub.migration, hub.armut],
            document=LigaDocumentFactory(title=f"Papier {i}"),
            contacts=people,
            organisations=[hub.paritaet],
        )
        for n, person in enumerate(people):
            TopicContact.objects.create(
                page=hub.migration, contact=person, sort_order=10 + 2 * i + n
            )


def test_embed_page_query_counts_do_not_grow_with_content(client, hub):
    urls = [
        f"{POSITIONS}?limit=100",
        f"{POSITIONS}?topic=flucht-und-migration&limit=100",
        TOPIC,
        f"{CONTACTS}?topic=flucht-und-migration&limit=100",
    ]
    grow(hub, 1)  # every kind of related item is there once
    client.get(POSITIONS)  # warm Wagtail's cached site root paths
    small = [count_queries(client, url)[0] for url in urls]
    grow(hub, 12, offset=1)

    large = [count_queries(client, url) for url in urls]

    shown = [len(titles(response.content.decode())) for _, response in large]
    assert shown == [17, 15, 1 + 10 + 28, 28]
    assert [count for count, _ in large] == small
