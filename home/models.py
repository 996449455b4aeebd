"""The site root, the topics index ("Themen") and topic pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.images import require_alt_text
from core.richtext import RICH_TEXT_FEATURES
from core.visibility import publicly_visible
from home.blocks import BodyBlock


class ImageWithAltMixin(models.Model):
    """A lead image whose alt text is stored with the page (and so translated with it)."""

    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alt text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the image's description."),
    )

    image_panels = [
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image"))
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        self.image_alt = require_alt_text(self.image, self.image_alt, "image_alt")


class HomePage(Page):
    """The root of the public site."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.TopicIndexPage", "positions.PositionIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = publicly_visible(self.get_children()).specific()
        context["topics"] = publicly_visible(TopicPage.objects.descendant_of(self)).order_by(
            "title"
        )
        return context


class TopicIndexPage(Page):
    """The list of topics ("Themen")."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.TopicPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("topic index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = publicly_visible(
            TopicPage.objects.child_of(self).select_related("image")
        ).order_by("title")
        return context


class TopicPage(ImageWithAltMixin, Page):
    """A field of work (“Flucht und Migration”) with its positions and contact people."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        *ImageWithAltMixin.image_panels,
        FieldPanel("body"),
        InlinePanel("contact_links", label=_("Contact person"), heading=_("Contact people")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.AutocompleteField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    # Translated: title, slug, intro, body, alt text (derived by wagtail-localize). The
    # contact people follow the source; a locale may choose another image.
    override_translatable_fields = [
        SynchronizedField("contact_links", overridable=False),
        SynchronizedField("image", overridable=True),
        TranslatableField("image_alt"),
    ]

    parent_page_types = ["home.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title

    def contacts(self):
        """Published contact people of this topic, in the editor's order."""
        return [
            link.contact
            for link in self.contact_links.filter(contact__live=True).select_related(
                "contact__organisation", "contact__photo"
            )
        ]

    def positions(self):
        """Visible positions listed under this topic, newest first.

        The positions app adds the relation; without it a topic simply has none.
        """
        links = getattr(self, "position_links", None)
        if links is None or self.pk is None:
            return Page.objects.none()
        position_model = links.model._meta.get_field("position").related_model
        return (
            publicly_visible(position_model.objects.filter(topic_links__topic=self))
            .select_related("document", "image")
            .order_by("-published", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["positions"] = self.positions()
        context["contacts"] = self.contacts()
        return context


class TopicContact(Orderable):
    """A contact person of a topic, in the order the editor chose."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="topic_links",
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
