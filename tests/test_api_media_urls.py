"""File URLs in API responses are exactly what the storage would say, only built faster."""

import pytest
from django.core.files.storage import FileSystemStorage

from frontend_api.serializers.media import file_url


class StoredFile:
    def __init__(self, name, storage):
        self.name, self.storage = name, storage

    @property
    def url(self):
        return self.storage.url(self.name)


@pytest.mark.parametrize(
    "name",
    [
        "images/lead.width-800.webp",
        "images/Rückkehr beratung.jpg",
        "original_images/a+b&c.png",
        "documents/Positionspapier (2025).pdf",
        "c:evil.jpg",
        "images/../secret.jpg",
        "images/./x.jpg",
        "/images/leading-slash.jpg",
    ],
)
@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example.org/media/"])
def test_file_url_equals_the_storage_url(name, base_url, tmp_path):
    storage = FileSystemStorage(location=tmp_path, base_url=base_url)

    assert file_url(StoredFile(name, storage)) == storage.url(name)
