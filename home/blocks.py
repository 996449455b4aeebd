"""StreamField blocks of page bodies (topics and positions share them)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from core.images import alt_text_or_default
from core.richtext import INLINE_RICH_TEXT_FEATURES, RICH_TEXT_FEATURES


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the document outline (h1 is the page title)."""

    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with optional attribution."""

    text = blocks.RichTextBlock(label=_("Quote"), features=INLINE_RICH_TEXT_FEATURES)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    """An image with alt text (the image's description when left empty) and a caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the image's description."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not alt_text_or_default(value.get("image"), value.get("alt")):
            raise StructBlockValidationError(
                block_errors={
                    "alt": ValidationError(
                        _("Enter alt text here or a description on the image itself.")
                    )
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    """A download link to a PDF, with its size and page count shown to readers."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link.html"


class BodyBlock(blocks.StreamBlock):
    """The body of topic and position pages."""

    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph.html"
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()
