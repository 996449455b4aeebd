"""Editors find content in the admin by any word of it, PDFs included."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content(db):
    call_command("import_content", "demo/bundle", stdout=io.StringIO())


@pytest.mark.parametrize(
    "word",
    [
        "Rückkehrberatung",  # title
        "Perspektivberatung",  # body only
        "Herkunftsländerinformationen",  # only inside the PDF
    ],
)
def test_admin_page_search_finds_the_seed_paper(wagtail_admin_client, demo_content, word):
    response = wagtail_admin_client.get(reverse("wagtailadmin_pages:search"), {"q": word})

    assert response.status_code == 200
    assert "Positionspapier zur Rückkehrberatung" in response.content.decode()


def test_admin_page_search_finds_a_topic_by_its_intro(wagtail_admin_client, demo_content):
    response = wagtail_admin_client.get(
        reverse("wagtailadmin_pages:search"), {"q": "Entscheidungsträger"}
    )

    assert "Flucht und Migration" in response.content.decode()
