"""Positions: papers, statements, press releases and open letters of the LIGA.

One text is one page, listed under every topic it belongs to; a press release that reuses a
paper's text is the same kind of page with ``kind = press_release``, so nothing is copied.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.richtext import RICH_TEXT_FEATURES
from core.visibility import publicly_visible, published_now
from home.blocks import BodyBlock
from home.models import ImageWithAltMixin, TopicPage


class PositionKind(models.TextChoices):
    """What kind of text a position is."""

    POSITION_PAPER = "position_paper", _("Position paper")
    STATEMENT = "statement", _("Statement")
    PRESS_RELEASE = "press_release", _("Press release")
    OPEN_LETTER = "open_letter", _("Open letter")


def today() -> datetime.date:
    return timezone.localdate()


class PositionIndexPage(Page):
    """The list of all positions ("Positionen"), newest first, filterable by kind."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["positions.PositionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("position index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        positions = publicly_visible(PositionPage.objects.child_of(self)).select_related(
            "document", "image"
        )
        kind = request.GET.get("kind")
        if kind in PositionKind.values:
            positions = positions.filter(kind=kind)
        context["kinds"] = PositionKind.choices
        context["selected_kind"] = kind if kind in PositionKind.values else ""
        context["positions"] = positions.order_by("-published", "-pk")
        return context


class PositionPage(ImageWithAltMixin, Page):
    """One position paper, statement, press release or open letter, with its PDF."""

    teaser = models.TextField(
        _("teaser"), max_length=600, help_text=_("Two or three sentences shown in lists.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PositionKind.choices,
        default=PositionKind.POSITION_PAPER,
    )
    published = models.DateField(
        _("publication date"), default=today, help_text=_("The date the paper was published.")
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("published")]),
        InlinePanel("topic_links", label=_("Topic"), heading=_("Topics"), min_num=1),
        *ImageWithAltMixin.image_panels,
        FieldPanel("body"),
        FieldPanel("document"),
        MultiFieldPanel(
            [
                InlinePanel("contact_links", label=_("Contact person")),
                InlinePanel("organisation_links", label=_("Member organisation")),
            ],
            heading=_("People and co-signing organisations"),
        ),
    ]
    # The admin's page search autocompletes, so the text fields are autocomplete fields too:
    # editors find a paper by any word of it, including words only its PDF contains.
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.AutocompleteField("teaser"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.RelatedFields(
            "document",
            [
                index.SearchField("title"),
                index.SearchField("extracted_text"),
                index.AutocompleteField("extracted_text"),
            ],
        ),
        index.FilterField("kind"),
        index.FilterField("published"),
    ]

    # What a translation translates and what follows the German source (wagtail-localize
    # derives the rest: titles, slugs, teasers, bodies and alt texts are translated). The
    # facts of a paper follow the source; a locale may upload a PDF of its own (a translated
    # paper) or another image, else it shows the source's.
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("published", overridable=False),
        SynchronizedField("topic_links", overridable=False),
        SynchronizedField("contact_links", overridable=False),
        SynchronizedField("organisation_links", overridable=False),
        SynchronizedField("document", overridable=True),
        SynchronizedField("image", overridable=True),
        TranslatableField("image_alt"),
    ]

    parent_page_types = ["positions.PositionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [models.Index(fields=["published"])]

    def topics(self):
        """Visible topics this position is listed under, in the editor's order.

        Read from the in-memory links, so the preview of an unsaved edit shows them too.
        """
        topic_ids = [link.topic_id for link in self.topic_links.all()]
        visible = publicly_visible(TopicPage.objects.filter(pk__in=topic_ids)).in_bulk()
        return [visible[pk] for pk in topic_ids if pk in visible]

    def contacts(self):
        """Published contact people, in the editor's order."""
        return [
            link.contact
            for link in published_now(self.contact_links.all(), "contact__").select_related(
                "contact__organisation", "contact__photo"
            )
        ]

    def organisations(self):
        """Co-signing member organisations, in the editor's order."""
        links = published_now(self.organisation_links.all(), "organisation__").select_related(
            "organisation"
        )
        return [link.organisation for link in links]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = self.topics()
        context["contacts"] = self.contacts()
        context["organisations"] = self.organisations()
        return context


class PositionTopic(Orderable):
    """Lists a position under a topic; a position may belong to several topics."""

    position = ParentalKey(PositionPage, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "home.TopicPage",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="position_links",
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["position", "topic"], name="unique_position_topic")
        ]


class PositionContact(Orderable):
    """A contact person for a position."""

    position = ParentalKey(PositionPage, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="position_links",
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")


class PositionOrganisation(Orderable):
    """A member organisation that co-signs a position."""

    position = ParentalKey(
        PositionPage, on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        "contacts.MemberOrganisation",
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="position_links",
    )
    required = models.BooleanField(
        _("co-signing required"),
        default=True,
        help_text=_("The position is published only after this organisation approved it."),
    )

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("required")])]

    class Meta(Orderable.Meta):
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
