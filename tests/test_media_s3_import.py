"""``import_content`` with media on S3: images public and documents private in the bucket, as
after an editor's upload; all or nothing, so a failed import or a dry run leaves no object."""

import io

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact
from core.models import LigaDocument, LigaImage
from core.renditions import image_renditions
from importer.media import MediaStore
from importer.writer import BundleWriter
from positions.models import PositionPage
from tests.bundles import write_bundle
from tests.s3_media import s3_media

pytestmark = pytest.mark.django_db

BUNDLE_IMAGES = 4  # logo, photo, topic and position image of tests.bundles


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_content", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def bucket():
    with s3_media() as bucket:
        yield bucket


def test_imported_media_are_stored_like_uploads(
    bucket, tmp_path, django_capture_on_commit_callbacks
):
    bundle = write_bundle(tmp_path / "bundle")
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made on commit
        run_import(bundle)

    document = PositionPage.objects.get(slug="rueckkehrberatung").document
    assert bucket.object_keys("private/") == [f"private/{document.file.name}"]
    assert bucket.anonymous_get(f"private/{document.file.name}") == (403, b"")
    originals = bucket.object_keys("original_images/")
    assert len(originals) == LigaImage.objects.count() == BUNDLE_IMAGES
    assert len(bucket.object_keys("images/")) == BUNDLE_IMAGES * len(image_renditions())
    assert all(bucket.public_readers(key) == ["READ"] for key in originals)

    keys = bucket.object_keys()
    assert "Nothing to do" in run_import(bundle)
    assert bucket.object_keys() == keys


@pytest.fixture
def keys_before_rollback(bucket, monkeypatch):
    """What the bucket held when the import began to undo its files."""
    seen = []
    discard = MediaStore.discard_written_files

    def spy(self):
        seen.extend(bucket.object_keys())
        discard(self)

    monkeypatch.setattr(MediaStore, "discard_written_files", spy)
    return seen


def test_failed_import_leaves_no_object_in_the_bucket(
    bucket, keys_before_rollback, tmp_path, monkeypatch
):
    def fail(self, item):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BundleWriter, "_upsert_position", fail)

    with pytest.raises(RuntimeError, match="went away"):
        run_import(write_bundle(tmp_path / "bundle"))

    assert len(keys_before_rollback) >= 3  # logo, photo, topic image (positions failed)
    assert not Contact.objects.exists() and not LigaImage.objects.exists()
    assert bucket.object_keys() == []


def test_dry_run_leaves_no_object_in_the_bucket(bucket, keys_before_rollback, tmp_path):
    output = run_import(write_bundle(tmp_path / "bundle"), "--dry-run")

    assert "Dry run: nothing was written." in output
    assert len(keys_before_rollback) == BUNDLE_IMAGES + 1  # and the PDF
    assert bucket.object_keys() == []


def test_import_into_a_refusing_store_says_so_and_writes_nothing(tmp_path):
    bundle = write_bundle(tmp_path / "bundle")
    refused = pytest.raises(CommandError, match="media storage did not take a file")
    with s3_media(create_bucket=False), refused as excinfo:
        run_import(bundle)

    assert "nothing was written" in str(excinfo.value)
    assert not LigaImage.objects.exists() and not LigaDocument.objects.exists()
    assert not Contact.objects.exists()
