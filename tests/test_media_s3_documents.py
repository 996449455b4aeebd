"""Documents on S3: private objects that only the hub hands out, streamed after Wagtail's
privacy check with the same safe headers as from disk; uploaded, replaced and deleted through
the admin as on disk; a store that is down, or a row that fails to save, leaves nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from wagtail.documents.models import AbstractDocument
from wagtail.models import CollectionViewRestriction

from core.factories import LigaDocumentFactory, root_collection
from core.models import LigaDocument
from core.pdfgen import make_pdf
from positions.factories import PositionPageFactory
from tests.s3_media import BUCKET, s3_environ, s3_media
from tests.users import with_admin_language

pytestmark = pytest.mark.django_db

GERMAN_STORAGE_ERROR = "Die Datei konnte nicht gespeichert werden, weil der Medienspeicher"


@pytest.fixture
def bucket():
    with s3_media() as bucket:
        yield bucket


def document_form(data: bytes, name="positionspapier.pdf", **fields) -> dict:
    return {
        "title": "Positionspapier",
        "tags": "",
        "collection": root_collection().pk,
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        **fields,
    }


def download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_document_uploaded_in_the_admin_is_a_private_object(bucket, wagtail_admin_client):
    data = make_pdf(["Rückkehrberatung braucht Zeit."], title="Rückkehr")

    response = wagtail_admin_client.post(reverse("wagtaildocs:add"), document_form(data))

    assert response.status_code == 302
    document = LigaDocument.objects.get()
    assert (document.page_count, document.file_size) == (1, len(data))
    assert "Rückkehrberatung braucht Zeit" in document.extracted_text
    assert bucket.object_keys() == ["private/documents/positionspapier.pdf"]
    assert bucket.read("private/documents/positionspapier.pdf") == data
    assert bucket.public_readers("private/documents/positionspapier.pdf") == []
    assert bucket.anonymous_get("private/documents/positionspapier.pdf") == (403, b"")


def test_download_streams_the_private_object_through_the_hub_with_safe_headers(bucket, client):
    document = LigaDocumentFactory(title="Positionspapier Rückkehr")
    stored = bucket.read(f"private/{document.file.name}")

    response, body = download(client, document.url)

    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert response.status_code == 200
    assert response.streaming
    assert body == stored
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(stored))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response
    assert "Location" not in response
    assert not any(BUCKET in value for value in response.headers.values())


def test_download_answers_a_conditional_get_without_the_body(bucket, client):
    document = LigaDocumentFactory()
    etag = client.get(document.url)["ETag"]

    response = client.get(document.url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_document_in_a_private_collection_needs_a_login(bucket, client, superuser):
    private = root_collection().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = LigaDocumentFactory(collection=private, text="Vertraulicher Entwurf")

    response, body = download(client, document.url)
    assert response.status_code == 302
    assert "/documents/" not in response["Location"].split("?")[0]
    assert BUCKET not in response["Location"] and b"%PDF" not in body

    client.force_login(superuser)
    response, body = download(client, document.url)
    assert response.status_code == 200
    assert body == bucket.read(f"private/{document.file.name}")


def test_document_for_a_group_needs_a_member_of_it(bucket, client, django_user_model):
    board = Group.objects.create(name="Vorstand")
    private = root_collection().add_child(name="Vorstand")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    document = LigaDocumentFactory(collection=private)
    outsider = django_user_model.objects.create_user(username="aussen", password="unused-pw")
    member = django_user_model.objects.create_user(username="vorstand", password="unused-pw")
    member.groups.add(board)

    client.force_login(outsider)
    response, body = download(client, document.url)
    assert response.status_code == 302 and b"%PDF" not in body

    client.force_login(member)
    response, body = download(client, document.url)
    assert response.status_code == 200
    assert body == bucket.read(f"private/{document.file.name}")


def test_api_gives_the_hubs_download_url_never_the_bucket(client, site_tree):
    with s3_media(s3_environ(AWS_S3_CUSTOM_DOMAIN="media.liga-sachsen.example")):
        document = LigaDocumentFactory(title="Positionspapier")
        PositionPageFactory(parent=site_tree.positions, slug="papier", document=document)

        shown = client.get("/api/v1/positions/papier/").json()["document"]
        # A URL of the object itself, which the hub never hands out, would be signed for a
        # minute and on the bucket, not on the public custom domain.
        signed = document.file.url

    assert shown["url"] == f"http://testserver/documents/{document.pk}/{document.filename}"
    assert signed.startswith(f"https://{BUCKET}.s3.amazonaws.com/private/documents/")
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60&" in signed


def test_replacing_a_document_file_serves_the_new_one_and_deletes_the_old_object(
    bucket, client, wagtail_admin_client, django_capture_on_commit_callbacks
):
    document = LigaDocumentFactory(title="Positionspapier", text="Alter Wortlaut")
    assert bucket.object_keys() == ["private/documents/positionspapier.pdf"]
    new_data = make_pdf(["Neuer Wortlaut zur Quartiersarbeit."])

    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            document_form(new_data, name="neu.pdf", title=document.title),
        )

    assert response.status_code == 302
    document.refresh_from_db()
    assert "Quartiersarbeit" in document.extracted_text
    assert bucket.object_keys() == ["private/documents/neu.pdf"]
    assert download(client, document.url)[1] == new_data


def test_deleting_a_document_in_the_admin_deletes_its_object(
    bucket, wagtail_admin_client, django_capture_on_commit_callbacks
):
    document = LigaDocumentFactory()
    assert bucket.object_keys() == [f"private/{document.file.name}"]

    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert response.status_code == 302
    assert not LigaDocument.objects.exists()
    assert bucket.object_keys() == []


def test_upload_to_a_refusing_store_is_a_german_message_and_saves_nothing(
    wagtail_admin_client, superuser
):
    with_admin_language(superuser, "de")
    with s3_media(create_bucket=False):
        response = wagtail_admin_client.post(
            reverse("wagtaildocs:add"), document_form(make_pdf(["Text"]))
        )

    assert response.status_code == 200
    assert GERMAN_STORAGE_ERROR in response.content.decode()
    assert not LigaDocument.objects.exists()


def test_a_row_that_fails_to_save_leaves_no_object(bucket, wagtail_admin_client, monkeypatch):
    def database_down(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(AbstractDocument, "save", database_down, raising=False)

    with pytest.raises(DatabaseError):
        wagtail_admin_client.post(reverse("wagtaildocs:add"), document_form(make_pdf(["Text"])))
    with pytest.raises(DatabaseError):
        LigaDocumentFactory()

    assert not LigaDocument.objects.exists()
    assert bucket.object_keys() == []
