"""Shared fixtures: a per-test media folder, the site skeleton, the API tests' content, locales
and an admin client."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from contacts.factories import ContactFactory, MemberOrganisationFactory
from home.factories import TopicPageFactory
from positions.factories import create_site_tree

# Helpers with asserts outside test modules get pytest's detailed assertion messages too.
pytest.register_assert_rewrite("tests.api_helpers", "tests.builders", "tests.responses")

ADMIN_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary folder, removed by pytest."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def clear_caches():
    """Caches outlive a test's rolled-back database (Wagtail caches renditions by image id,
    and ids are reused): every test starts with empty caches."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site_tree(db):
    """HomePage as the default Site's root, with TopicIndexPage “Themen” and
    PositionIndexPage “Positionen” under it (all live)."""
    return create_site_tree()


@pytest.fixture
def hub(site_tree, django_capture_on_commit_callbacks):
    """The API tests' content: two topics, four positions, two people, two organisations
    (``tests.builders.build_hub``; its attributes name them)."""
    from tests.builders import build_hub  # imported late, so that its asserts are rewritten

    return build_hub(site_tree, django_capture_on_commit_callbacks)


@pytest.fixture
def locale_de(db):
    """The default locale (German), created by Wagtail's migrations from LANGUAGE_CODE."""
    return Locale.get_default()


@pytest.fixture
def locale_en(db):
    """The English locale, for translations."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    return locale


@pytest.fixture
def superuser(db):
    """A superuser whose admin interface speaks English, so messages are predictable."""
    user = get_user_model().objects.create_superuser(
        username="redaktion", email="redaktion@example.org", password=ADMIN_PASSWORD
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def wagtail_admin_client(client, superuser):
    """A test client logged in as the superuser (like pytest-django's ``admin_client``)."""
    client.force_login(superuser)
    return client


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
    )


# German content to translate (tests.translating has the English for it)


@pytest.fixture
def german_topic(site_tree, locale_de):
    topic = TopicPageFactory(
        parent=site_tree.topics,
        title="Flucht und Migration",
        slug="flucht-und-migration",
        intro="<p>Menschen, die nach Sachsen fliehen, brauchen <b>Schutz</b>.</p>",
        body=[
            ("heading", {"text": "Unsere Forderungen", "level": "h2"}),
            ("paragraph", "<p>Beratung ist ein Menschenrecht.</p>"),
        ],
    )
    assert topic.locale == locale_de
    return topic


@pytest.fixture
def german_contact(locale_de):
    organisation = MemberOrganisationFactory(name="Landesverband Sachsen e. V.", short_name="")
    return ContactFactory(
        honorific="Dr.",
        given_name="Nadine",
        family_name="Börner",
        role="Referentin Migration",
        phone="0351 82871-152",
        organisation=organisation,
    )
