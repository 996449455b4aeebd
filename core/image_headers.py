"""Image sizes from the file's header, never from its decoded pixels.

Wagtail asks Willow for an image's size when a form checks the upload and when the model
fills ``width`` and ``height``; Willow answers by converting the file to a Pillow image,
which decodes every pixel (seconds and hundreds of MB for a 40-megapixel photo) in the web
process. The upload is decoded once, in the limited child process (``core.forms``,
``core.sandbox``); here Willow learns to read the size of the formats the hub accepts from the
header, through its own registry (the extension point Willow offers), so the web process
never decodes an upload.
"""

from PIL import Image as PILImage
from willow.image import GIFImageFile, JPEGImageFile, PNGImageFile, WebPImageFile
from willow.registry import registry

HEADER_SIZED = (GIFImageFile, JPEGImageFile, PNGImageFile, WebPImageFile)


def size_from_header(image_file) -> tuple[int, int]:
    """Width and height of a Willow image file, read by Pillow from the header only."""
    handle = image_file.f
    handle.seek(0)
    with PILImage.open(handle) as image:
        size = image.size
    handle.seek(0)
    return size


def register() -> None:
    for image_class in HEADER_SIZED:
        registry.register_operation(image_class, "get_size", size_from_header)
