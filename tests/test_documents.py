"""PDF documents: only real, readable PDFs are stored; their text is searchable; serving is safe."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, CollectionViewRestriction

from core.factories import LigaDocumentFactory, root_collection
from core.models import LigaDocument
from core.pdfgen import make_pdf
from positions.factories import PositionPageFactory
from positions.models import PositionPage

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def pdf_upload(name="positionspapier.pdf", pages=("Seite eins",), content=None):
    data = content if content is not None else make_pdf(list(pages), title="Test")
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def upload(client, file, title="Positionspapier"):
    """POST the Wagtail admin's “add document” form."""
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": file, "collection": root_collection().pk},
    )


def file_errors(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    with translation.override("en"):  # messages are lazy: evaluate them in English
        return " ".join(str(message) for message in response.context["form"].errors.get("file", []))


def clean_document(name, data):
    document = LigaDocument(
        title="Test", file=ContentFile(data, name=name), collection=root_collection()
    )
    document.full_clean()
    return document


def full_clean_file_errors(name, data):
    """The messages for ``file`` when cleaning a document made from ``data``, in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            clean_document(name, data)
        return [str(message) for message in excinfo.value.message_dict["file"]]


# Accepting real PDFs


def test_real_pdf_upload_in_admin_stores_pages_size_and_text(wagtail_admin_client):
    pages = ["Rückkehrberatung braucht Zeit und Vertrauen.", "Zweite Seite mit Förderung."]
    response = upload(wagtail_admin_client, pdf_upload(pages=pages), title="Rückkehr")

    assert response.status_code == 302
    document = LigaDocument.objects.get(title="Rückkehr")
    assert document.page_count == 2
    assert document.file_size == len(make_pdf(pages, title="Test"))
    assert document.file_hash
    assert "Rückkehrberatung braucht Zeit" in document.extracted_text
    assert "Förderung" in document.extracted_text


def test_real_pdf_passes_full_clean_with_its_page_count_and_gets_its_text_when_saved():
    document = clean_document("papier.pdf", make_pdf(["Eins", "Zwei", "Drei"]))

    assert document.page_count == 3
    # The text is read after saving, by the worker (here the ImmediateBackend, at once).
    assert document.extracted_text == ""
    document.save()
    assert document.extracted_text == "Eins Zwei Drei"


def test_document_saved_in_code_gets_metadata_without_form():
    document = LigaDocumentFactory(pages=["Sozialer Zusammenhalt", "Seite zwei"])

    document.refresh_from_db()
    assert document.page_count == 2
    assert "Sozialer Zusammenhalt" in document.extracted_text


# Refusing everything else


def test_html_renamed_to_pdf_is_refused_in_admin(wagtail_admin_client):
    response = upload(wagtail_admin_client, pdf_upload("papier.pdf", content=HTML))

    assert "This file is not a PDF" in file_errors(response)
    assert not LigaDocument.objects.exists()


def test_html_renamed_to_pdf_is_refused_by_full_clean():
    messages = full_clean_file_errors("papier.pdf", HTML)

    assert "This file is not a PDF" in " ".join(messages)


def test_html_renamed_to_pdf_is_refused_when_saved_in_code():
    document = LigaDocument(title="Test", file=ContentFile(HTML, name="papier.pdf"))

    with pytest.raises(ValidationError), translation.override("en"):
        document.save()
    assert not LigaDocument.objects.exists()


def test_non_pdf_extension_is_refused_in_admin(wagtail_admin_client):
    # Even a real PDF is refused under another name: only .pdf is allowed.
    response = upload(wagtail_admin_client, pdf_upload("papier.docx"))

    assert "File extension “docx” is not allowed" in file_errors(response)
    assert not LigaDocument.objects.exists()


def test_non_pdf_extension_is_refused_by_full_clean():
    messages = full_clean_file_errors("notizen.txt", b"Nur Text")

    assert "File extension “txt” is not allowed" in " ".join(messages)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda pdf: pdf[: len(pdf) // 2], id="truncated"),
        pytest.param(lambda pdf: pdf[:9] + bytes(range(256)) * 8, id="garbage-after-header"),
    ],
)
def test_damaged_pdf_is_refused_in_admin(wagtail_admin_client, damage):
    damaged = damage(make_pdf(["Text " * 200, "Noch eine Seite"]))

    response = upload(wagtail_admin_client, pdf_upload(content=damaged))

    assert "This PDF is damaged and cannot be read." in file_errors(response)
    assert not LigaDocument.objects.exists()


def test_damaged_pdf_is_refused_by_full_clean():
    messages = full_clean_file_errors("kaputt.pdf", make_pdf(["Text"])[:200])

    assert messages == ["This PDF is damaged and cannot be read."]


def test_pdf_over_the_size_limit_is_refused_in_admin(wagtail_admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    large = make_pdf([f"Seite {n} " + "Inhalt " * 150 for n in range(4)])
    assert len(large) > 1024

    response = upload(wagtail_admin_client, pdf_upload(content=large))

    assert "This file is too big" in file_errors(response)
    assert not LigaDocument.objects.exists()


def test_pdf_under_the_size_limit_is_accepted_in_admin(wagtail_admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024

    response = upload(wagtail_admin_client, pdf_upload())

    assert response.status_code == 302
    assert LigaDocument.objects.count() == 1


# Error codes (for callers that react to the kind of problem, not to its wording)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(HTML, "not_pdf", id="html-renamed"),
        pytest.param(make_pdf(["Text"])[:200], "pdf_unreadable", id="damaged"),
    ],
)
def test_full_clean_keeps_the_code_of_the_pdf_error(data, code):
    with pytest.raises(ValidationError) as excinfo:
        clean_document("papier.pdf", data)

    assert [error.code for error in excinfo.value.error_dict["file"]] == [code]


# Replacing the file in code (shell, importer): the new file is checked and read again


def test_replacing_the_file_in_code_rereads_pages_and_text():
    document = LigaDocumentFactory(text="Alter Wortlaut zur Kinderarmut.")
    assert document.page_count == 1

    pages = ["Neuer Wortlaut zur Quartiersarbeit.", "Zweite Seite mit Förderung."]
    new_pdf = make_pdf(pages)
    document.file = ContentFile(new_pdf, name="neu.pdf")
    document.save()

    document.refresh_from_db()
    assert "Quartiersarbeit" in document.extracted_text
    assert "Kinderarmut" not in document.extracted_text
    assert document.page_count == 2
    # Size and hash describe the new file too (the importer matches documents by hash).
    assert document.file_size == len(new_pdf)
    assert document.file_hash == hashlib.sha1(new_pdf, usedforsecurity=False).hexdigest()


def test_replacing_the_file_in_code_with_html_is_refused_and_keeps_the_old_pdf(media_root):
    document = LigaDocumentFactory(text="Alter Wortlaut zur Kinderarmut.")
    stored_name = document.file.name

    document.file = ContentFile(HTML, name="neu.pdf")
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        document.save()

    assert [error.code for error in excinfo.value.error_dict["file"]] == ["not_pdf"]
    document.refresh_from_db()
    assert document.file.name == stored_name
    assert "Kinderarmut" in document.extracted_text
    assert document.page_count == 1
    assert not [path for path in media_root.rglob("neu*") if path.is_file()]


# Search inside the PDF


def test_word_only_inside_the_pdf_finds_the_position(site_tree):
    document = LigaDocumentFactory(text="Die Sozialraumorientierung bleibt unverzichtbar.")
    position = PositionPageFactory(
        parent=site_tree.positions, title="Rückkehrberatung", document=document
    )
    PositionPageFactory(parent=site_tree.positions, title="Pflege")

    results = list(PositionPage.objects.live().search("Sozialraumorientierung"))

    assert results == [position]
    assert "Sozialraumorientierung" not in position.title + position.teaser


def test_replacing_the_pdf_in_admin_reindexes_its_positions(site_tree, wagtail_admin_client):
    document = LigaDocumentFactory(text="Alter Wortlaut zur Kinderarmut.")
    position = PositionPageFactory(parent=site_tree.positions, document=document)
    assert not PositionPage.objects.live().search("Quartiersarbeit")

    response = wagtail_admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": pdf_upload(pages=["Neuer Wortlaut zur Quartiersarbeit."]),
            "collection": root_collection().pk,
            "tags": "",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert "Quartiersarbeit" in document.extracted_text
    assert list(PositionPage.objects.live().search("Quartiersarbeit")) == [position]


def test_unpublished_position_is_not_found_by_its_pdf_text(site_tree):
    document = LigaDocumentFactory(text="Eingliederungshilfewortlaut")
    PositionPageFactory(parent=site_tree.positions, document=document, live=False)

    assert not PositionPage.objects.live().search("Eingliederungshilfewortlaut")


# Serving


def get_document(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_document_is_served_as_pdf_with_safe_headers(client):
    document = LigaDocumentFactory(title="Positionspapier Rückkehr", text="Inhalt")
    assert document.url == f"/documents/{document.pk}/{document.filename}"

    response, body = get_document(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert body.startswith(b"%PDF-")
    assert len(body) == document.file_size


def test_document_with_wrong_filename_in_url_is_not_served(client):
    document = LigaDocumentFactory()

    response = client.get(f"/documents/{document.pk}/anderer-name.pdf")

    assert response.status_code == 404


def test_document_in_private_collection_is_not_served_anonymously(client, superuser):
    private = root_collection().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = LigaDocumentFactory(collection=private, text="Vertraulicher Entwurf")

    response, body = get_document(client, document)

    assert response.status_code == 302
    assert "/documents/" not in response["Location"].split("?")[0]
    assert b"%PDF" not in body

    client.force_login(superuser)
    response, body = get_document(client, document)
    assert response.status_code == 200
    assert body.startswith(b"%PDF-")


def test_document_in_public_child_collection_is_served(client):
    public = Collection.get_first_root_node().add_child(name="Presse")
    document = LigaDocumentFactory(collection=public)

    response, body = get_document(client, document)

    assert response.status_code == 200
    assert body.startswith(b"%PDF-")
