"""The production stack, started once for the tests of this folder.

These tests run only from ``.ci/production-stack`` (``LIGA_PRODUCTION_STACK=1``): they need
the Debian packages that script installs and start real servers, so ``tests/conftest.py``
leaves this folder out of the ordinary suite.
"""

import os
import tempfile
from pathlib import Path

import pytest

from tests.production.stack import Stack, free_port

ADMIN_PASSWORD = "Stack-Test-Passwort-2026"  # noqa: S105 - a throwaway test cluster
MODERATOR_EMAIL = "moderation@liga.example.org"

SETUP_USERS = f"""
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username="moderatorin",
    defaults={{"email": "{MODERATOR_EMAIL}", "first_name": "Mona"}})
user.set_password("{ADMIN_PASSWORD}")
user.save()
user.groups.add(Group.objects.get(name="Moderators"))
User.objects.filter(username="admin").update(email="admin@liga.example.org")
"""

SETUP_PRIVATE_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.documents import get_document_model
from core.pdfgen import make_pdf
root = Collection.get_first_root_node()
intern = root.get_children().filter(name="Intern").first() or root.add_child(name="Intern")
CollectionViewRestriction.objects.get_or_create(
    collection=intern, restriction_type=CollectionViewRestriction.LOGIN)
Document = get_document_model()
document = Document(title="Interne Notiz", collection=intern)
document.file.save("interne-notiz.pdf", ContentFile(make_pdf(["Nur fuer Mitglieder."])),
                   save=False)
document.save()
print(document.pk, document.file.name)
"""


@pytest.fixture(scope="session")
def stack():
    root = Path(tempfile.mkdtemp(prefix="liga-stack-"))
    stack = Stack(root)
    # Every address is known before any process starts, so each gets the same environment.
    for name in ("web_a", "web_b", "varnish"):
        stack.ports[name] = free_port()
    try:
        stack.start_released_hub()
        stack.extra_env["ADMIN_PASSWORD"] = ADMIN_PASSWORD
        stack.manage("ensure_admin")
        del stack.extra_env["ADMIN_PASSWORD"]
        stack.shell(SETUP_USERS)
        stack.private_document = stack.shell(SETUP_PRIVATE_DOCUMENT).split()
        stack.web_a = stack.start_web("web_a")
        stack.web_b = stack.start_web("web_b")
        stack.start_worker()
        stack.varnish = stack.start_varnish(stack.ports["web_a"])
        yield stack
    finally:
        stack.stop_all()
        if os.environ.get("LIGA_STACK_KEEP"):
            print(f"stack logs kept in {root}")  # noqa: T201 - the developer asked for them
        else:
            import shutil

            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser_helpers import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def admin_session(stack, browser):
    """A browser context logged in as ``admin`` through web instance A (the session lives in
    PostgreSQL, so instance B knows it too)."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{stack.web_a}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{stack.web_a}/admin/")
    yield context
    context.close()
