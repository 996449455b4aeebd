"""Shared fixtures: a per-test media folder, the site skeleton, the API tests' content, locales,
an admin client, and the browser tests' browser, member site and page visits."""

import logging
import os
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from wagtail.models import Locale

from contacts.factories import ContactFactory, MemberOrganisationFactory
from home.factories import TopicPageFactory
from positions.factories import create_site_tree
from tests import browser_helpers
from tests.translating import TRANSLATOR_PASSWORD
from tests.users import with_admin_language

# Helpers with asserts outside test modules get pytest's detailed assertion messages too.
pytest.register_assert_rewrite(
    "tests.api_helpers", "tests.builders", "tests.responses", "tests.schema_helpers"
)

ADMIN_PASSWORD = "correct-horse-battery-staple"

# The production-stack tests start real servers from Debian packages; .ci/production-stack
# installs those and runs them (LIGA_PRODUCTION_STACK=1), the ordinary suite leaves them out.
collect_ignore = [] if os.environ.get("LIGA_PRODUCTION_STACK") else ["production"]


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


@pytest.fixture(autouse=True)
def forget_pending_renders():
    """Changes noted for the API's read model live per thread until a commit or a read:
    those of a previous test's rolled-back database are no concern of the next."""
    from frontend_api.readmodel.maintain import forget_pending

    forget_pending()


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue, as in production, and wait for the worker
    (``tests.worker_helpers.run_worker``) instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def task_log(caplog):
    """``caplog`` with the worker's log (``liga.tasks``, which does not propagate)."""
    logger = logging.getLogger("liga.tasks")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="liga.tasks")
    yield caplog
    logger.removeHandler(caplog.handler)


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
    return with_admin_language(user, "en")


@pytest.fixture
def translator(db):
    """A member of the Translators group (made by a migration), English admin interface."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username="olena", email="olena@example.org", password=TRANSLATOR_PASSWORD
    )
    user.groups.add(Group.objects.get(name="Translators"))
    return with_admin_language(user, "en")


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture
def wagtail_admin_client(client, superuser):
    """A test client logged in as the superuser (like pytest-django's ``admin_client``)."""
    client.force_login(superuser)
    return client


# Browser tests (tests/test_embed_browser.py); Playwright is imported only when they run.


@pytest.fixture(scope="module")
def member_site():
    """A member organisation's website: another origin than the hub, on 127.0.0.1."""
    site = browser_helpers.MemberSite()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()
    site.thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module.

    Playwright's sync API keeps an asyncio loop running in this thread between its calls.
    Django then refuses the tests' own (synchronous) ORM calls unless told to allow them, and
    hands this thread other connection objects than before: those need the snapshot that
    ``serialized_rollback`` restores Wagtail's initial rows from, and are closed at the end.
    """
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            for alias, snapshot in snapshots.items():
                if snapshot is not None:
                    connections[alias]._test_serialized_contents = snapshot
            browser = playwright.chromium.launch(
                executable_path=browser_helpers.CHROMIUM, args=browser_helpers.CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def visit(browser, member_site):
    """``visit(html)``: a new browser context opens ``html`` on the member site and records
    every request, console error and page error."""
    contexts = []

    def open_page(html, *, hub_origin=None, wait=True, prepare=None, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        if hub_origin:
            # A cookie of the hub's origin, which credentials: "omit" must never send.
            context.add_cookies([{"name": "sessionid", "value": "secret", "url": hub_origin}])
        page = context.new_page()
        record = SimpleNamespace(page=page, requests=[], console_errors=[], page_errors=[])
        page.on("request", lambda request: record.requests.append(request))
        page.on(
            "console",
            lambda message: message.type == "error" and record.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: record.page_errors.append(str(error)))
        if prepare:
            prepare(context)
        member_site.pages["/"] = html
        page.goto(member_site.origin + "/")
        if wait:
            page.wait_for_function(browser_helpers.LOADED, timeout=15_000)
        return record

    yield open_page
    for context in contexts:
        context.close()


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
