"""StreamField bodies as typed blocks: ``[{type, id, value}]``.

Blocks are read from the stored JSON; the images and documents they name are fetched in
bulk (with their renditions) for the whole response, so the query count does not grow with
the number of blocks.

The block serializers below only document what ``BodyRenderer.render`` emits: ``BodyField``
makes ``body`` a ``oneOf`` of one component per block type, discriminated by ``type``.
"""

from django.db.models import Prefetch
from drf_spectacular.drainage import warn
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.renditions import image_renditions
from frontend_api.richtext import RichTextResolver
from frontend_api.serializers.media import (
    DocumentSerializer,
    ImageSerializer,
    document_data,
    image_data,
)
from home.blocks import BodyBlock, HeadingBlock


class BodyRenderer:
    """Renders the bodies of one response; call ``prepare`` with every body first."""

    def __init__(self, resolver: RichTextResolver):
        self.resolver = resolver
        self.images: dict[int, object] = {}
        self.documents: dict[int, object] = {}

    def prepare(self, bodies) -> None:
        image_ids, document_ids = set(), set()
        for body in bodies:
            for block in body.raw_data:
                value = block["value"]
                if block["type"] == "paragraph":
                    self.resolver.collect(value)
                elif block["type"] == "quote":
                    self.resolver.collect(value.get("text", ""))
                elif block["type"] == "image" and value.get("image"):
                    image_ids.add(value["image"])
                elif block["type"] == "document" and value.get("document"):
                    document_ids.add(value["document"])
        self.resolver.resolve()
        if image_ids:
            image_model = get_image_model()
            renditions = image_model.get_rendition_model().objects.filter(
                filter_spec__in=list(image_renditions().values())
            )
            self.images = (
                image_model.objects.filter(pk__in=image_ids)
                .prefetch_related(
                    Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
                )
                .in_bulk()
            )
        if document_ids:
            self.documents = get_document_model().objects.filter(pk__in=document_ids).in_bulk()

    def render(self, body) -> list[dict]:
        hidden = self.resolver.hidden_collections
        blocks = []
        for block in body.raw_data:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                rendered = self.resolver.render(value)
            elif kind == "heading":
                rendered = {"text": value.get("text", ""), "level": value.get("level", "h2")}
            elif kind == "quote":
                rendered = {
                    "text": self.resolver.render(value.get("text", "")),
                    "attribution": value.get("attribution", ""),
                }
            elif kind == "image":
                image = image_data(
                    self.images.get(value.get("image")), value.get("alt", ""), hidden
                )
                if image is None:
                    continue  # deleted, or private: the block is not shown at all
                rendered = {"image": image, "caption": value.get("caption", "")}
            elif kind == "document":
                document = document_data(self.documents.get(value.get("document")), hidden)
                if document is None:
                    continue
                rendered = {"document": document, "title": value.get("title") or document["title"]}
            else:
                continue
            blocks.append({"type": kind, "id": block.get("id"), "value": rendered})
        return blocks


# --- the blocks as the schema documents them -----------------------------------------------


class BlockTypeField(serializers.Field):
    """The ``type`` of a block: always the one name of the block type its serializer documents
    (a ``const`` in the schema, so each block matches exactly one ``oneOf`` alternative)."""

    def __init__(self, block_type: str, **kwargs):
        self.block_type = block_type
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.block_type


class BlockTypeFieldExtension(OpenApiSerializerFieldExtension):
    """A ``const`` rather than a one-value ``enum``: drf-spectacular would turn each of those
    into an enum component of its own (``ParagraphBlockTypeEnum``, …)."""

    target_class = BlockTypeField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "const": self.target.block_type}


class BlockSerializer(serializers.Serializer):
    """``{type, id, value}``: what every block shares; subclasses name their ``block_type``
    (a child of ``home.blocks.BodyBlock``) and declare ``value``."""

    block_type: str

    def get_fields(self):
        return {
            "type": BlockTypeField(self.block_type, help_text=f"Always `{self.block_type}`."),
            "id": serializers.UUIDField(help_text="Stable id of the block within the body."),
            **super().get_fields(),
        }


class ParagraphBlockSerializer(BlockSerializer):
    """A paragraph of rich text."""

    block_type = "paragraph"
    value = serializers.CharField(help_text="HTML with absolute links.")


# The levels an editor can choose (the form field adds a blank choice).
HEADING_LEVELS = [
    value for value, _label in HeadingBlock.base_blocks["level"].field.choices if value
]


class HeadingBlockValueSerializer(serializers.Serializer):
    """A section heading and its level (`h1` is the page title)."""

    text = serializers.CharField()
    level = serializers.ChoiceField(choices=HEADING_LEVELS)


class HeadingBlockSerializer(BlockSerializer):
    """A section heading."""

    block_type = "heading"
    value = HeadingBlockValueSerializer()


class QuoteBlockValueSerializer(serializers.Serializer):
    """A quotation and who said it."""

    text = serializers.CharField(help_text="HTML with absolute links.")
    attribution = serializers.CharField(allow_blank=True, help_text="Empty when not given.")


class QuoteBlockSerializer(BlockSerializer):
    """A quotation."""

    block_type = "quote"
    value = QuoteBlockValueSerializer()


class ImageBlockValueSerializer(serializers.Serializer):
    """An image with its caption."""

    image = ImageSerializer()
    caption = serializers.CharField(allow_blank=True, help_text="Empty when not given.")


class ImageBlockSerializer(BlockSerializer):
    """An image; left out of the body when the image is deleted or private."""

    block_type = "image"
    value = ImageBlockValueSerializer()


class DocumentBlockValueSerializer(serializers.Serializer):
    """A download link to a document."""

    document = DocumentSerializer()
    title = serializers.CharField(help_text="The link text; the document's title if not given.")


class DocumentBlockSerializer(BlockSerializer):
    """A document link; left out of the body when the document is deleted or private."""

    block_type = "document"
    value = DocumentBlockValueSerializer()


BLOCK_SERIALIZERS = (
    ParagraphBlockSerializer,
    HeadingBlockSerializer,
    QuoteBlockSerializer,
    ImageBlockSerializer,
    DocumentBlockSerializer,
)


def block_serializers() -> dict[str, type[BlockSerializer]]:
    """``{type: serializer}`` in the order of ``home.blocks.BodyBlock``, whose children are
    the block types there are; a type documented here but not there (or the reverse) is a
    schema warning, which fails schema generation with ``--fail-on-warn``."""
    documented = {serializer.block_type: serializer for serializer in BLOCK_SERIALIZERS}
    stored = list(BodyBlock.base_blocks)
    for name in sorted(set(stored) ^ set(documented)):
        warn(
            f"Body block type `{name}` is "
            + ("not documented" if name in stored else "no child of home.blocks.BodyBlock")
            + ": keep BLOCK_SERIALIZERS in frontend_api/serializers/streamfield.py in step."
        )
    return {name: documented[name] for name in stored if name in documented}


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="BodyBlock",
        serializers=block_serializers,  # a callable: read when the schema is built
        resource_type_field_name="type",
        many=True,
    )
)
class BodyField(serializers.ListField):
    """A StreamField ``body`` as ``BodyRenderer.render`` emits it (the item serializers
    render it; this field only documents it)."""
