"""StreamField bodies as typed blocks: ``[{type, id, value}]``.

Blocks are read from the stored JSON; the images and documents they name are fetched in
bulk (with their renditions) for the whole response, so the query count does not grow with
the number of blocks.
"""

from django.db.models import Prefetch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.renditions import image_renditions
from frontend_api.richtext import RichTextResolver
from frontend_api.serializers.media import document_data, image_data


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
