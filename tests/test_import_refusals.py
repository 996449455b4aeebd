"""A bad bundle is refused whole: the message names item and field, nothing is written."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from contacts.models import Contact, MemberOrganisation
from core.models import LigaDocument, LigaImage
from positions.models import PositionPage
from tests.bundles import base_content, jpeg_bytes, write_bundle

pytestmark = pytest.mark.django_db


def change(mutate):
    content = base_content()
    mutate(content)
    return content


def set_in(path, value):
    def mutate(content):
        target = content
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def cut_in_half(data):
    return data[: len(data) // 2]


BAD_BUNDLES = {
    "unknown_reference": (
        change(set_in(["positions", 0, "topics"], ["migration", "bildung"])),
        {},
        'positions[0].topics: unknown topic "bildung"',
    ),
    "unknown_contact": (
        change(set_in(["topics", 0, "contacts"], ["n-niemand"])),
        {},
        'topics[0].contacts: unknown contact "n-niemand"',
    ),
    "missing_title": (
        change(set_in(["positions", 0, "title"], "")),
        {},
        "positions[0].title: is required",
    ),
    "duplicate_slug": (
        change(lambda c: c["topics"].append(dict(c["topics"][1], title="Pflege 2"))),
        {},
        'topics[2].slug: duplicate slug "pflege" (also topics[1])',
    ),
    "fake_pdf": (
        base_content(),
        {"docs/paper.pdf": b"<!doctype html><html><body>Not a PDF</body></html>"},
        'positions[0].document.file: "docs/paper.pdf": This file is not a PDF',
    ),
    "damaged_pdf": (
        base_content(),
        {"docs/paper.pdf": b"%PDF-1.4\n1 0 obj garbage"},
        "positions[0].document.file",
    ),
    "fake_image": (
        base_content(),
        {"images/photo.jpg": b"GIF? no, just text pretending to be a JPEG"},
        'contacts[0].photo.file: "images/photo.jpg"',
    ),
    "truncated_image": (
        base_content(),
        {"images/photo.jpg": cut_in_half(jpeg_bytes())},
        'contacts[0].photo.file: "images/photo.jpg": Upload a valid image',
    ),
    "missing_file": (
        change(set_in(["topics", 0, "image", "file"], "images/missing.jpg")),
        {},
        'topics[0].image.file: file "images/missing.jpg" does not exist in the bundle',
    ),
    "path_outside_bundle": (
        change(set_in(["topics", 0, "image", "file"], "../../etc/passwd")),
        {},
        'topics[0].image.file: "../../etc/passwd" points outside the bundle folder',
    ),
    "missing_alt": (
        change(set_in(["topics", 0, "image"], {"file": "images/topic.jpg"})),
        {},
        "topics[0].image.alt: is required",
    ),
    "bad_date": (
        change(set_in(["positions", 0, "published"], "21.07.2020")),
        {},
        'positions[0].published: "21.07.2020" is not a date in the form YYYY-MM-DD',
    ),
    "bad_kind": (
        change(set_in(["positions", 0, "kind"], "essay")),
        {},
        'positions[0].kind: "essay" is not one of: position_paper, statement',
    ),
    "bad_phone": (
        change(set_in(["contacts", 0, "phone"], "12")),
        {},
        "contacts[0].phone:",
    ),
    "bad_email": (
        change(set_in(["contacts", 0, "email"], "maria.lehmann@")),
        {},
        'contacts[0].email: "maria.lehmann@" is not a valid e-mail address',
    ),
    "unknown_field": (
        change(set_in(["positions", 0, "autor"], "x")),
        {},
        "positions[0].autor: unknown field",
    ),
    "wrong_type": (
        change(set_in(["positions", 0, "topics"], "migration")),
        {},
        "positions[0].topics: must be a list of strings",
    ),
    "no_topic": (
        change(set_in(["positions", 0, "topics"], [])),
        {},
        "positions[0].topics: must name at least one item",
    ),
    "bad_slug": (
        change(set_in(["topics", 1, "slug"], "Pflege & Alter")),
        {},
        'topics[1].slug: "Pflege & Alter" is not a valid key',
    ),
    "duplicate_list_entry": (
        change(set_in(["positions", 0, "topics"], ["migration", "migration"])),
        {},
        "positions[0].topics: names 'migration' more than once",
    ),
    "nul_byte": (
        change(set_in(["positions", 0, "title"], "Rückkehr\x00beratung")),
        {},
        "positions[0].title: contains a NUL character",
    ),
    "heading_too_long": (
        change(set_in(["positions", 0, "body"], "<h2>" + "Sehr lang " * 30 + "</h2><p>x</p>")),
        {},
        "positions[0].body: does not fit the page body: block 1.text:",
    ),
    "translation_locale": (
        change(set_in(["locale"], "en")),
        {},
        'content.json.locale: "en": bundles are imported in the source language "de"',
    ),
    "unknown_locale": (
        change(set_in(["locale"], "xx")),
        {},
        'content.json.locale: unknown locale "xx"',
    ),
    "wrong_format": (
        change(set_in(["format"], "liga-content-bundle/2")),
        {},
        'content.json.format: must be "liga-content-bundle/1"',
    ),
}


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PositionPage.objects.count(),
        Contact.objects.count(),
        MemberOrganisation.objects.count(),
        LigaImage.objects.count(),
        LigaDocument.objects.count(),
    )


@pytest.mark.parametrize("case", sorted(BAD_BUNDLES))
def test_bad_bundle_is_refused_naming_the_problem_and_writes_nothing(case, tmp_path, media_root):
    content, files, expected = BAD_BUNDLES[case]
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(write_bundle(tmp_path / "b", content, files)))

    assert "nothing was written" in str(error.value)
    assert expected in str(error.value)
    assert snapshot() == before
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_broken_json_is_refused_with_its_position(tmp_path):
    bundle = write_bundle(tmp_path / "b")
    (bundle / "content.json").write_text('{"format": "liga-content-bundle/1",\n  "locale": }')

    with pytest.raises(CommandError, match=r"content.json: invalid JSON at line 2, column 13"):
        call_command("import_content", str(bundle))
    assert not PositionPage.objects.exists()


def test_all_problems_are_reported_at_once(tmp_path):
    content = base_content()
    content["positions"][0]["title"] = ""
    content["positions"][0]["topics"] = ["bildung"]
    content["contacts"][0]["email"] = "kaputt"

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(write_bundle(tmp_path / "b", content)))

    message = str(error.value)
    assert "positions[0].title: is required" in message
    assert 'contacts[0].email: "kaputt" is not a valid e-mail address' in message


def test_command_exits_non_zero_with_the_message_on_stderr(tmp_path):
    bundle = write_bundle(tmp_path / "b")
    (bundle / "content.json").write_text("{ broken")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}

    result = subprocess.run(  # noqa: S603 - fixed command, test input only
        [sys.executable, "manage.py", "import_content", str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert result.returncode == 1
    assert "content.json: invalid JSON at line 1" in result.stderr


def test_file_over_the_upload_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(write_bundle(tmp_path / "b")))

    assert '"docs/paper.pdf" is' in str(error.value)
    assert "at most 100 bytes are allowed" in str(error.value)
    assert not PositionPage.objects.exists()
