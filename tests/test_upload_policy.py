"""Hostile uploads: PDFs with active content, too many pages or built to overload the parser
are refused with one German message naming what was found; images are decoded in the
limited child process, never in the web process; every refusal shows exactly one message."""

import resource
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from PIL import ImageFile

from core import sandbox
from core.factories import LigaDocumentFactory, make_jpeg, root_collection
from core.models import LigaDocument, LigaImage
from core.pdf import inspect_pdf
from core.pdfgen import make_pdf
from tests import hostile_pdfs
from tests.bundles import write_bundle
from tests.test_documents import pdf_upload, upload
from tests.test_images import upload_image

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "; solche Inhalte sind nicht erlaubt."


def only_error(response) -> str:
    """The one message of the form shown again, in German; fails on none or several."""
    assert response.status_code == 200, "the form should be shown again with errors"
    with translation.override("de"):
        messages = [str(m) for errors in response.context["form"].errors.values() for m in errors]
    assert len(messages) == 1, messages
    return messages[0]


def max_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# Active content in PDFs


@pytest.mark.parametrize(
    ("build", "named"),
    [
        pytest.param(
            hostile_pdfs.html_polyglot,
            "andere Daten vor dem Beginn des PDFs (zum Beispiel eine HTML-Seite)",
            id="html-polyglot",
        ),
        pytest.param(
            hostile_pdfs.open_action_javascript, "JavaScript (/OpenAction)", id="open-action-js"
        ),
        pytest.param(hostile_pdfs.document_javascript, "JavaScript (/Names)", id="document-js"),
        pytest.param(
            hostile_pdfs.page_additional_action_javascript, "JavaScript (/AA)", id="page-aa-js"
        ),
        pytest.param(hostile_pdfs.embedded_html_file, "eingebettete Dateien", id="embedded-html"),
        pytest.param(
            hostile_pdfs.file_attachment_annotation, "eingebettete Dateien", id="attachment"
        ),
        pytest.param(
            hostile_pdfs.launch_action, "Aktionen, die Programme starten (/Launch)", id="launch"
        ),
        pytest.param(
            hostile_pdfs.submit_form_action,
            "Formularaktionen, die Daten senden oder importieren",
            id="submit-form",
        ),
        pytest.param(hostile_pdfs.xfa_form, "ein XFA-Formular", id="xfa"),
    ],
)
def test_pdf_with_active_content_is_refused_naming_what_was_found(
    wagtail_admin_client, build, named
):
    response = upload(wagtail_admin_client, pdf_upload(content=build()))

    assert only_error(response).startswith(f"Die PDF-Datei enthält {named}{NOT_ALLOWED}")
    assert not LigaDocument.objects.exists()


def test_every_kind_found_is_named_in_one_message():
    javascript_and_file = hostile_pdfs.one_page_pdf(
        b" /OpenAction 4 0 R /Names << /EmbeddedFiles 5 0 R >>",
        b"",
        b"<< /S /JavaScript /JS (app.alert(1)) >>",
        b"<< /Names [(a.html) 6 0 R] >>",
        b"<< /Type /Filespec /F (a.html) /EF << /F 7 0 R >> >>",
        b"<< /Length 2 >>\nstream\nhi\nendstream",
    )

    with pytest.raises(ValidationError) as excinfo, translation.override("de"):
        inspect_pdf(javascript_and_file, text=False)

    with translation.override("de"):
        assert excinfo.value.messages[0].startswith(
            "Die PDF-Datei enthält JavaScript (/OpenAction) und eingebettete Dateien; solche"
        )
    assert excinfo.value.code == "pdf_active_content"


def test_a_pdf_with_a_web_link_is_accepted(wagtail_admin_client):
    response = upload(wagtail_admin_client, pdf_upload(content=hostile_pdfs.uri_link()))

    assert response.status_code == 302
    assert LigaDocument.objects.get().page_count == 1


def test_replacing_a_document_with_javascript_in_the_edit_form_is_refused(wagtail_admin_client):
    document = LigaDocumentFactory(text="Alter Wortlaut")
    stored = document.file.name

    response = wagtail_admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": pdf_upload(content=hostile_pdfs.open_action_javascript()),
            "collection": root_collection().pk,
            "tags": "",
        },
    )

    assert only_error(response).startswith("Die PDF-Datei enthält JavaScript (/OpenAction)")
    document.refresh_from_db()
    assert document.file.name == stored


def test_the_importer_refuses_a_pdf_with_javascript_naming_item_and_field(tmp_path):
    bundle = write_bundle(
        tmp_path / "b", files={"docs/paper.pdf": hostile_pdfs.open_action_javascript()}
    )

    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("import_content", str(bundle))

    assert (
        'positions[0].document.file: "docs/paper.pdf": This PDF contains JavaScript '
        "(/OpenAction); such content is not allowed."
    ) in str(error.value)
    assert not LigaDocument.objects.exists()


# Too many pages, too much work


@pytest.mark.parametrize(
    "claimed", [pytest.param(None, id="honest-count"), pytest.param(1, id="lying-count")]
)
def test_a_pdf_of_5000_pages_is_refused_with_the_page_limit(wagtail_admin_client, claimed):
    response = upload(
        wagtail_admin_client, pdf_upload(content=hostile_pdfs.many_pages(5000, claimed))
    )

    assert only_error(response) == (
        "Diese PDF-Datei hat 5000 Seiten; erlaubt sind höchstens 2000 Seiten."
    )
    assert not LigaDocument.objects.exists()


def test_the_page_limit_is_a_setting(settings):
    settings.LIGA_PDF_MAX_PAGES = 3

    assert inspect_pdf(make_pdf(["1", "2", "3"]), text=False).page_count == 3
    with pytest.raises(ValidationError) as excinfo:
        inspect_pdf(make_pdf(["1", "2", "3", "4"]), text=False)
    assert excinfo.value.code == "pdf_too_many_pages"


def test_a_small_pdf_inflating_to_a_huge_object_is_refused_and_this_process_does_not_grow(
    wagtail_admin_client, settings
):
    settings.LIGA_PDF_MEMORY_MB = 128
    bomb = hostile_pdfs.object_stream_bomb()
    assert len(bomb) < 64 * 1024
    rss_before = max_rss_kb()

    response = upload(wagtail_admin_client, pdf_upload(content=bomb))

    assert only_error(response).startswith(
        "Das Lesen dieses PDFs braucht mehr als die erlaubten 20 Sekunden Rechenzeit oder "
        "128 MB Arbeitsspeicher"
    )
    assert not LigaDocument.objects.exists()
    # Inflated and parsed here it would take gigabytes; the child took it, not us.
    assert max_rss_kb() - rss_before < 30 * 1024


# Images: decoded in the child


def test_an_image_is_decoded_in_the_child_process_never_in_the_web_process(
    wagtail_admin_client, database_tasks
):
    modes = []

    def spy(data, mode, limit):
        modes.append((mode, limit))
        return run_child(data, mode, limit)

    run_child = sandbox.run_child
    decoding_here = mock.patch.object(
        ImageFile.ImageFile, "load", side_effect=AssertionError("decoded in the web process")
    )
    with mock.patch("core.forms.run_child", spy), decoding_here as load:
        response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(1600, 1200))

    assert response.status_code == 302
    assert modes == [("image", 40_000_000)]
    assert not load.called
    image = LigaImage.objects.get()
    assert (image.width, image.height) == (1600, 1200)


def test_an_image_over_the_pixel_limit_is_refused_by_the_child_with_one_message(
    wagtail_admin_client, settings
):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000

    response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(1600, 1200))

    # Wagtail words this message in the request's language (English here) when it is made.
    assert only_error(response) == (
        "This file has too many pixels (1920000). Maximum pixels 1000000."
    )
    assert not LigaImage.objects.exists()


def test_an_image_beyond_the_childs_limits_is_refused_with_a_message(
    wagtail_admin_client, settings
):
    settings.LIGA_PDF_MEMORY_MB = 40  # too little for Pillow to decode 12 megapixels

    response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(4000, 3000))

    assert only_error(response).startswith(
        "Das Lesen dieses Bildes braucht mehr als die erlaubten 20 Sekunden Rechenzeit oder "
        "40 MB Arbeitsspeicher"
    )
    assert not LigaImage.objects.exists()


# One message per refusal


def test_an_empty_document_upload_shows_one_message(wagtail_admin_client):
    response = upload(wagtail_admin_client, pdf_upload(content=b""))

    assert only_error(response) == "Die übermittelte Datei ist leer."


def test_an_oversize_document_upload_shows_one_message(wagtail_admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    response = upload(wagtail_admin_client, pdf_upload(content=make_pdf(["x " * 2000] * 3)))

    assert only_error(response).startswith("This file is too big")


def test_an_empty_image_upload_shows_one_message(wagtail_admin_client):
    response = upload_image(wagtail_admin_client, "foto.jpg", b"")

    assert only_error(response) == "Die übermittelte Datei ist leer."


def test_an_oversize_image_upload_shows_one_message(wagtail_admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024

    response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(400, 300))

    assert only_error(response).startswith("This file is too big")
