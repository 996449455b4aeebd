"""The seed page of the current site, loaded from the demo bundle, is served at public URLs."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content(db):
    call_command("import_content", "demo/bundle", stdout=io.StringIO())


def test_seed_topic_page_shows_intro_positions_and_contact(client, demo_content):
    response = client.get("/themen/migration/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Flucht und Migration</h1>" in html
    assert "Jeder Mensch soll sicher sein vor Verfolgung, Diskriminierung und Vertreibung" in html
    assert "Ansprech- und Gesprächspartner für Entscheidungsträger" in html
    assert "Positionspapier zur Rückkehrberatung" in html
    assert 'href="/positionen/rueckkehrberatung/"' in html
    assert "maria.lehmann@example.org" in html
    assert 'href="tel:+4935182871199"' in html
    assert 'lang="de"' in html


def test_seed_position_page_shows_lead_image_body_and_pdf(client, demo_content):
    response = client.get("/positionen/rueckkehrberatung/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Eine erfolgreiche Rückkehrberatung orientiert sich nicht an der Anzahl" in html
    assert 'alt="Symbolbild: Frau mit Kleinkind in einer Beratungssituation"' in html
    assert "Die Verbände der Freien Wohlfahrtspflege in Sachsen engagieren sich" in html
    assert "Die Liga benennt in Ihrem Positionspapier die notwendigen Rahmenbedingungen" in html
    assert "/documents/" in html and "rueckkehrberatung.pdf" in html
    assert "21. Juli 2020" in html
    assert 'href="/themen/migration/"' in html


def test_seed_pdf_downloads_as_pdf(client, demo_content):
    from positions.models import PositionPage

    document = PositionPage.objects.get(slug="rueckkehrberatung").document
    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_home_and_index_pages_list_the_demo_content(client, demo_content):
    home = client.get("/").content.decode()
    assert "Flucht und Migration" in home

    positions = client.get("/positionen/").content.decode()
    assert "Positionspapier zur Rückkehrberatung" in positions
    press = client.get("/positionen/?kind=press_release").content.decode()
    assert 'href="/positionen/pm-rueckkehrberatung/"' in press
    assert 'href="/positionen/rueckkehrberatung/"' not in press
