"""Renditions are made by the worker after an image is saved, from what the database holds
(never from what the cache remembers), and the API serves them."""

import pytest
from django_tasks import TaskResultStatus
from wagtail.images.models import Filter

from core.factories import LigaImageFactory
from core.models import LigaImage, LigaRendition
from core.renditions import image_renditions
from core.tasks import make_missing_renditions, make_renditions
from positions.factories import PositionPageFactory
from tests.worker_helpers import queued, run_worker

pytestmark = pytest.mark.django_db


def specs_in_database(image) -> set[str]:
    return set(LigaRendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def cached_rendition(image, spec):
    key = LigaRendition.construct_cache_key(image, Filter(spec=spec).get_cache_key(image), spec)
    return LigaRendition.cache_backend.get(key)


def raw_delete(queryset) -> None:
    """Delete rows as a database reset does: no signals, so Wagtail's cache keeps them."""
    queryset._raw_delete(queryset.db)


def test_saving_an_image_enqueues_its_renditions_and_the_worker_makes_them(database_tasks):
    image = LigaImageFactory()

    assert [row.args_kwargs["args"] for row in queued(make_renditions)] == [[image.pk]]
    assert specs_in_database(image) == set(), "no image processing inside the saving request"

    run_worker()

    assert specs_in_database(image) == set(image_renditions().values())
    assert queued(make_renditions).get().status == TaskResultStatus.SUCCESSFUL


def test_renditions_of_a_rolled_back_image_are_never_made(database_tasks):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        LigaImageFactory()
        raise RuntimeError("import failed")

    assert not queued(make_renditions).exists()


def test_renditions_are_made_again_when_the_database_lost_them_but_the_cache_kept_them(
    site_tree, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        before_reset = LigaImageFactory(title="Symbolbild Beratung")
    spec = image_renditions()["medium"]
    assert cached_rendition(before_reset, spec) is not None

    # `rm db.sqlite3 && make run` with the file cache alive: the rows are gone, and the same
    # demo image comes back with the same id and file hash, so Wagtail's cache keys match.
    raw_delete(LigaRendition.objects.all())
    raw_delete(LigaImage.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        image = LigaImageFactory(id=before_reset.pk, title="Symbolbild Beratung")
        position = PositionPageFactory(parent=site_tree.positions, image=image)
    assert image.file_hash == before_reset.file_hash
    assert cached_rendition(image, spec) is not None, "the cache still names a rendition"

    assert specs_in_database(image) == set(image_renditions().values())
    response = client.get(f"/api/v1/positions/{position.slug}/")
    renditions = response.json()["image"]["renditions"]
    assert set(renditions) == set(image_renditions())
    assert renditions["medium"]["url"].endswith(
        LigaRendition.objects.get(image=image, filter_spec=spec).file.name.split("/")[-1]
    )
    # The stale cache entry was replaced by the rendition that exists.
    assert (
        cached_rendition(image, spec).pk
        == LigaRendition.objects.get(image=image, filter_spec=spec).pk
    )


def test_a_starting_worker_makes_the_renditions_images_lack(database_tasks):
    image = LigaImageFactory()
    run_worker()
    webp = image_renditions()["medium_webp"]
    raw_delete(LigaRendition.objects.filter(filter_spec=webp))
    assert webp not in specs_in_database(image)

    run_worker()

    assert queued(make_missing_renditions).last().return_value == 1
    assert specs_in_database(image) == set(image_renditions().values())


def test_renditions_of_an_image_deleted_before_the_worker_ran_are_skipped(database_tasks):
    image = LigaImageFactory()
    image.delete()

    run_worker()

    row = queued(make_renditions).get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 0


def rendition_file(image, spec) -> str:
    key = Filter(spec=spec).get_cache_key(image)
    return LigaRendition.objects.get(image=image, filter_spec=spec, focal_point_key=key).file.name


def test_moving_or_removing_the_focal_point_serves_the_new_crop_not_the_old_one(
    site_tree, client, database_tasks
):
    image = LigaImageFactory(width=1600, height=900)
    position = PositionPageFactory(parent=site_tree.positions, image=image)
    run_worker()
    thumbnail = image_renditions()["thumbnail"]
    url = f"/api/v1/positions/{position.slug}/"
    uncropped = client.get(url).json()["image"]["renditions"]["thumbnail"]["url"]

    image.focal_point_x, image.focal_point_y = 1400, 450
    image.focal_point_width, image.focal_point_height = 100, 100
    image.save()

    # Before the worker has made the new crop the old one is not served any more.
    renditions = client.get(url).json()["image"]["renditions"]
    assert "thumbnail" not in renditions
    assert {"medium", "large", "medium_webp"} <= set(renditions), "uncropped ones stay valid"

    run_worker()
    moved = client.get(url).json()["image"]["renditions"]["thumbnail"]["url"]
    assert moved.endswith(rendition_file(image, thumbnail).split("/")[-1])
    assert moved != uncropped

    image.focal_point_x = image.focal_point_y = None
    image.focal_point_width = image.focal_point_height = None
    image.save()
    run_worker()
    removed = client.get(url).json()["image"]["renditions"]["thumbnail"]["url"]
    assert removed == uncropped, "without a focal point the first crop is right again"
