"""Factories for the hub's image and document models (tests, demo data, benchmarks).

Both produce real files: a small JPEG drawn by Pillow and a PDF written by
``core.pdfgen.make_pdf``, so that upload checks, PDF inspection and renditions run on them
exactly as on an editor's upload.
"""

import io

import factory
from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.models import Collection

from core.models import LigaDocument, LigaImage
from core.pdfgen import make_pdf


def make_jpeg(width: int = 64, height: int = 48, color: str = "teal") -> bytes:
    """Return the bytes of a real JPEG of one colour, drawn with Pillow."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def root_collection() -> Collection:
    """The root collection, where uploads land unless an editor picks another one.

    wagtail-factories' own ``CollectionMemberFactory`` creates a new *root* collection per
    object, which leaves a forest of roots and bypasses collection privacy; ours do not.
    """
    return Collection.get_first_root_node()


class LigaImageFactory(factory.django.DjangoModelFactory):
    """An image with a real JPEG file (64×48 pixels) and a description (the default alt text).

    ``LigaImageFactory(description="")`` gives an image without a description, for the alt-text
    rules; ``width``, ``height`` and ``color`` change the drawn picture (the model reads its
    dimensions from the file).
    """

    class Params:
        color = "teal"

    title = factory.Sequence(lambda n: f"Bild {n}")
    width = 64
    height = 48
    description = factory.LazyAttribute(lambda o: f"Symbolbild: {o.title}")
    credit = "LIGA Sachsen"
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            make_jpeg(o.width, o.height, o.color), name=f"{slugify(o.title) or 'bild'}.jpg"
        )
    )

    class Meta:
        model = LigaImage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        image = model_class(*args, **kwargs)
        # What wagtail.images.forms.BaseImageForm.save does for an upload.
        image._set_image_file_metadata()
        image.save()
        return image


class LigaDocumentFactory(factory.django.DjangoModelFactory):
    """A PDF document; its file is a real PDF containing ``text`` (one page per item of ``pages``).

    Page count and extracted text are filled in by the model on save, file size and hash as
    the admin form would, so the object looks exactly like an uploaded one::

        LigaDocumentFactory(text="Rückkehrberatung braucht Zeit")
        LigaDocumentFactory(pages=["Seite eins", "Seite zwei"], title="Positionspapier")
    """

    class Params:
        text = "Positionspapier der LIGA der Freien Wohlfahrtspflege in Sachsen."
        pages = factory.LazyAttribute(lambda o: [o.text])

    title = factory.Sequence(lambda n: f"Positionspapier {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            make_pdf(list(o.pages), title=o.title), name=f"{slugify(o.title) or 'dokument'}.pdf"
        )
    )

    class Meta:
        model = LigaDocument

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        # What wagtail.documents.forms.BaseDocumentForm.save does for an upload.
        document._set_document_file_metadata()
        document.save()
        return document
