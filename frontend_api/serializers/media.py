"""Images and documents as the API shows them.

Renditions are read from what was prefetched (``prefetch_renditions``) and never generated
here; a rendition not made yet is left out rather than made inside the request.
"""

import functools
import posixpath
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from rest_framework import serializers
from wagtail.images.models import Filter

from core.images import alt_text_or_default
from core.renditions import image_renditions
from frontend_api import surrogate
from frontend_api.links import absolute


def file_url(file) -> str:
    """The URL of a stored file, as ``file.url`` gives it.

    For files on the local file system the URL is put together directly: ``urljoin``, which
    ``FileSystemStorage.url`` calls for every rendition, was a tenth of a listing's time. Names
    with dot segments, empty segments or a colon in the first segment keep the exact
    ``urljoin`` semantics.
    Public objects in a bucket are the bucket's URL plus the quoted name (see
    ``public_bucket_prefix``).
    """
    storage = file.storage
    if isinstance(storage, FileSystemStorage):
        path = filepath_to_uri(file.name).lstrip("/")
        if "./" not in path and "//" not in path and ":" not in path.split("/", 1)[0]:
            return storage.base_url + path
        return file.url
    prefix = public_bucket_prefix(storage)
    name = file.name
    if (
        prefix
        and not name.startswith("/")
        and "\\" not in name
        and posixpath.normpath(name) == name
    ):
        return prefix + quote(name, safe=BOTOCORE_SAFE)
    return file.url


# How botocore quotes an object's key in a URL.
BOTOCORE_SAFE = "/~"
# A name with characters that botocore must quote, to check the prefix against.
PROBE_NAME = "probe/Ä ö+(1)~&.jpg"


def public_bucket_prefix(storage) -> str | None:
    """The URL prefix of the public, unsigned objects of an S3 storage, or None.

    django-storages builds each such URL through botocore's presigner (a sixth of a
    millisecond, a hundred times in a listing). The prefix is taken from one real URL and
    checked against another, once per storage object; any storage whose URLs are not exactly
    prefix + quoted name (signed URLs, another backend) keeps ``file.url``.
    """
    prefix = getattr(storage, "_liga_public_url_prefix", None)
    if prefix is None:
        prefix = ""
        if getattr(storage, "querystring_auth", True) is False and hasattr(storage, "bucket_name"):
            url = storage.url("x")
            candidate = url[:-1] if url.endswith("/x") else ""
            if candidate and storage.url(PROBE_NAME) == candidate + quote(
                PROBE_NAME, safe=BOTOCORE_SAFE
            ):
                prefix = candidate
        storage._liga_public_url_prefix = prefix
    return prefix or None


def named_filters() -> list[tuple[str, Filter]]:
    """The named renditions as Wagtail ``Filter`` objects."""
    return _filters(tuple(image_renditions().items()))


@functools.lru_cache(maxsize=4)
def _filters(specs: tuple[tuple[str, str], ...]) -> list[tuple[str, Filter]]:
    return [(name, Filter(spec=spec)) for name, spec in specs]


def existing_renditions(image) -> dict:
    """Rendition name → the prefetched rendition that matches the image's current focal point.

    Wagtail's ``find_existing_renditions`` picks, among the prefetched renditions, the one whose
    ``focal_point_key`` matches the image now. Keyed by filter spec alone, a cropped rendition
    made before the focal point was moved or removed kept being served; Wagtail's lookup
    leaves it out until the worker has made the new crop. Without prefetched renditions
    nothing is looked up (the API never queries or makes renditions per image).
    """
    if getattr(image, "prefetched_renditions", None) is None:
        return {}
    filters = named_filters()
    found = image.find_existing_renditions(*(f for _, f in filters))
    return {name: found[f] for name, f in filters if f in found}


def image_data(image, alt: str = "", hidden_collections: frozenset = frozenset()) -> dict | None:
    """``{url, width, height, alt, renditions}`` for one use of ``image``; None for no image
    or one in a private collection (see ``core.visibility.private_collection_ids``)."""
    if image is None:
        return None
    # Named even when hidden: moved to a public collection, it shows.
    surrogate.add(surrogate.item_key(surrogate.IMAGE, image.pk))
    if image.collection_id in hidden_collections:
        return None
    renditions = {
        name: {
            "url": absolute(file_url(rendition.file)),
            "width": rendition.width,
            "height": rendition.height,
        }
        for name, rendition in existing_renditions(image).items()
    }
    return {
        "url": absolute(file_url(image.file)),
        "width": image.width,
        "height": image.height,
        "alt": alt_text_or_default(image, alt),
        "renditions": renditions,
    }


def document_data(document, hidden_collections: frozenset = frozenset()) -> dict | None:
    """``{title, url, size_bytes, content_type, pages}`` of a PDF; None for no document or one
    in a private collection."""
    if document is None:
        return None
    surrogate.add(surrogate.item_key(surrogate.DOCUMENT, document.pk))
    if document.collection_id in hidden_collections:
        return None
    return {
        "title": document.title,
        "url": absolute(document.url),
        "size_bytes": document.file_size,
        "content_type": document.content_type,
        "pages": document.page_count,
    }


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """An image with its alt text and named renditions (one of them WebP)."""

    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()
    renditions = serializers.DictField(child=RenditionSerializer())


class DocumentSerializer(serializers.Serializer):
    """A downloadable PDF."""

    title = serializers.CharField()
    url = serializers.URLField()
    size_bytes = serializers.IntegerField(allow_null=True)
    content_type = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)


def prefetch_image_renditions(lookup: str):
    """A ``Prefetch`` of the named renditions of the image at ``lookup`` (e.g. ``"logo"``)."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=list(image_renditions().values())),
        to_attr="prefetched_renditions",
    )
