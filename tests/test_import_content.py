"""``import_content``: creates, updates idempotently, sanitises, and is all-or-nothing."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from contacts.models import Contact, MemberOrganisation
from core.models import LigaDocument, LigaImage
from home.models import HomePage, TopicPage
from importer.writer import BundleWriter
from positions.models import PositionPage
from tests.bundles import base_content, write_bundle

pytestmark = pytest.mark.django_db


def run_import(path, *args, stdout=None) -> str:
    out = stdout or io.StringIO()
    call_command("import_content", str(path), *args, stdout=out)
    return out.getvalue()


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_valid_bundle_creates_published_content(tmp_path):
    output = run_import(write_bundle(tmp_path / "bundle"))

    assert "positions: 1 created, 0 updated, 0 unchanged" in output
    assert "organisations: 2 created" in output
    position = PositionPage.objects.get(slug="rueckkehrberatung")
    assert position.live and position.locale.language_code == "de"
    assert position.kind == "position_paper"
    assert str(position.published) == "2020-07-21"
    assert [t.slug for t in position.topics()] == ["migration", "pflege"]
    assert [c.key for c in position.contacts()] == ["m-lehmann"]
    assert [o.key for o in position.organisations()] == ["paritaet", "awo"]
    assert position.image_alt == "Symbolbild: Frau mit Kleinkind in einer Beratungssituation"
    assert position.document.title == "Positionspapier Rückkehrberatung"
    assert position.document.page_count == 2
    assert "Herkunftsländerinformationen" in position.document.extracted_text
    assert position.url == "/positionen/rueckkehrberatung/"
    topic = TopicPage.objects.get(slug="migration")
    assert topic.url == "/themen/migration/"
    assert [c.key for c in topic.contacts()] == ["m-lehmann"]
    contact = Contact.objects.get(key="m-lehmann")
    assert contact.live and contact.phone_e164 == "+4935182871199"
    assert contact.name == "Dr. Maria Lehmann"
    assert contact.organisation.key == "paritaet"
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_second_import_changes_nothing(tmp_path):
    bundle = write_bundle(tmp_path / "bundle")
    run_import(bundle)
    revisions = Revision.objects.count()
    images, documents = LigaImage.objects.count(), LigaDocument.objects.count()

    output = run_import(bundle)

    for section, count in (("organisations", 2), ("contacts", 1), ("topics", 2), ("positions", 1)):
        assert f"{section}: 0 created, 0 updated, {count} unchanged" in output
    assert "Nothing to do" in output
    assert Revision.objects.count() == revisions
    assert (LigaImage.objects.count(), LigaDocument.objects.count()) == (images, documents)


def test_changed_item_gets_a_new_published_revision(tmp_path):
    run_import(write_bundle(tmp_path / "v1"))
    position = PositionPage.objects.get(slug="rueckkehrberatung")
    revisions_before = position.revisions.count()
    content = base_content()
    content["positions"][0]["title"] = "Rückkehrberatung in Sicherheit und Würde"
    content["positions"][0]["topics"] = ["pflege"]

    output = run_import(write_bundle(tmp_path / "v2", content))

    assert "positions: 0 created, 1 updated, 0 unchanged" in output
    assert "topics: 0 created, 0 updated, 2 unchanged" in output
    position.refresh_from_db()
    assert position.title == "Rückkehrberatung in Sicherheit und Würde"
    assert position.live and not position.has_unpublished_changes
    assert position.revisions.count() == revisions_before + 1
    assert [t.slug for t in position.topics()] == ["pflege"]


def test_html_is_sanitised_on_the_way_in(tmp_path):
    content = base_content()
    content["topics"][0]["intro"] = (
        '<p onclick="steal()">Sicher <script>alert(1)</script><b>leben</b>'
        '<a href="javascript:alert(1)">Link</a><style>p{}</style><img src=x onerror=y></p>'
    )
    content["positions"][0]["body"] = (
        '<h2>Forderungen</h2><ul><li onmouseover="x()">Qualität</li></ul>'
        '<blockquote>Würde <a href="https://example.org/a?b=1&amp;c=2">zählt</a></blockquote>'
        "<iframe src='https://evil.example'></iframe><p>Ende</p>"
    )
    run_import(write_bundle(tmp_path / "bundle", content))

    intro = TopicPage.objects.get(slug="migration").intro
    assert intro == "<p>Sicher <strong>leben</strong><a>Link</a></p>"
    body = PositionPage.objects.get(slug="rueckkehrberatung").body.raw_data
    assert [block["type"] for block in body] == ["heading", "paragraph", "quote", "paragraph"]
    assert body[0]["value"] == {"text": "Forderungen", "level": "h2"}
    assert body[1]["value"] == "<ul><li>Qualität</li></ul>"
    assert body[2]["value"]["text"] == (
        '<p>Würde <a href="https://example.org/a?b=1&amp;c=2">zählt</a></p>'
    )
    assert body[3]["value"] == "<p>Ende</p>"
    stored = str(body) + intro
    for forbidden in ("script", "onclick", "onmouseover", "javascript:", "iframe", "style", "img"):
        assert forbidden not in stored


def test_dry_run_checks_everything_and_writes_nothing(tmp_path, media_root):
    pages_before = Page.objects.count()

    output = run_import(write_bundle(tmp_path / "bundle"), "--dry-run")

    assert "positions: 1 created" in output
    assert "Dry run: nothing was written." in output
    assert Page.objects.count() == pages_before
    assert not PositionPage.objects.exists() and not Contact.objects.exists()
    assert not LigaImage.objects.exists() and not LigaDocument.objects.exists()
    assert stored_files(media_root) == []


def test_progress_bar_is_drawn_on_a_terminal(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    output = run_import(write_bundle(tmp_path / "bundle"), stdout=Terminal())

    assert "\rpositions      [##############################] 1/1" in output


def test_failure_while_writing_rolls_back_everything(tmp_path, media_root, monkeypatch):
    def fail(self, item):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BundleWriter, "_upsert_position", fail)
    pages_before = Page.objects.count()

    with pytest.raises(RuntimeError, match="disk full"):
        run_import(write_bundle(tmp_path / "bundle"))

    assert Page.objects.count() == pages_before
    assert not Contact.objects.exists() and not MemberOrganisation.objects.exists()
    assert not LigaImage.objects.exists()
    assert stored_files(media_root) == []


def test_demo_bundle_loads_the_seed_page_and_reimports_unchanged(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # translations publish on commit
        output = run_import("demo/bundle")
    assert re.search(r"positions: \d+ created, 0 updated, 0 unchanged", output)

    position = PositionPage.objects.get(slug="rueckkehrberatung")
    assert position.image_alt == "Symbolbild: Frau mit Kleinkind in einer Beratungssituation"
    assert position.document.page_count >= 1
    assert "Rückkehr- und Perspektivberatung" in str(position.body.raw_data)
    topic = TopicPage.objects.get(slug="migration")
    assert topic.title == "Flucht und Migration"
    assert "selbstbestimmtes Leben in Sachsen" in topic.intro
    assert position in topic.positions()
    assert all(c.email.endswith("@example.org") for c in Contact.objects.all())
    assert PositionPage.objects.count() >= 8 and TopicPage.objects.count() >= 4
    assert MemberOrganisation.objects.filter(locale__language_code="de").count() == 7
    # The seed topic and paper come with an English (and the paper an Arabic) translation.
    assert "translations: " in output and " 0 unchanged" in output
    english = PositionPage.objects.get(locale__language_code="en", slug="return-counselling")
    assert english.translation_key == position.translation_key
    arabic = PositionPage.objects.get(locale__language_code="ar")
    assert arabic.title == "ورقة موقف بشأن استشارات العودة"

    again = run_import("demo/bundle")
    assert " 0 created, 0 updated" in again and "Nothing to do" in again


def test_editor_draft_and_unpublishing_survive_a_reimport_of_the_same_bundle(tmp_path):
    bundle = write_bundle(tmp_path / "bundle")
    run_import(bundle)
    topic = TopicPage.objects.get(slug="migration")
    topic.title = "Flucht, Migration und Integration"
    topic.save_revision()  # an editor's draft
    position = PositionPage.objects.get(slug="rueckkehrberatung")
    position.unpublish()

    output = run_import(bundle)

    assert "Nothing to do" in output
    topic.refresh_from_db()
    assert topic.has_unpublished_changes
    assert topic.get_latest_revision_as_object().title == "Flucht, Migration und Integration"
    position.refresh_from_db()
    assert not position.live


def test_changed_document_title_is_reported_as_an_update(tmp_path):
    run_import(write_bundle(tmp_path / "v1"))
    content = base_content()
    content["positions"][0]["document"]["title"] = "Positionspapier (Langfassung)"

    output = run_import(write_bundle(tmp_path / "v2", content))

    assert "documents: 0 created, 1 updated, 0 reused" in output
    assert LigaDocument.objects.get().title == "Positionspapier (Langfassung)"


def test_if_empty_imports_into_an_empty_hub_only(tmp_path):
    bundle = write_bundle(tmp_path / "bundle")
    assert "positions: 1 created" in run_import(bundle, "--if-empty")
    TopicPage.objects.filter(slug="pflege").update(title="Pflege und Alter")

    output = run_import(bundle, "--if-empty")

    assert "nothing imported (--if-empty)" in output
    assert TopicPage.objects.get(slug="pflege").title == "Pflege und Alter"


def test_logo_alt_text_is_stored_with_the_organisation(tmp_path):
    content = base_content()
    content["organisations"][0]["logo"] = {
        "file": "images/logo.jpg",
        "alt": "Logo: Der Paritätische",
    }

    run_import(write_bundle(tmp_path / "bundle", content))

    assert MemberOrganisation.objects.get(key="paritaet").logo_alt == "Logo: Der Paritätische"
    assert MemberOrganisation.objects.get(key="awo").logo is None
