"""Member organisations and contact people.

Both are translatable snippets (roles and alt texts are translated; names, e-mail and phone
follow the source). Contacts go through draft, review and publish like pages, with revisions.
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from contacts.forms import ContactForm
from contacts.phone import normalise_phone, validate_phone
from core.images import require_alt_text


class MemberOrganisation(
    DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model
):
    """A member association of the LIGA (AWO, Caritas, Diakonie, …).

    Drafts and revisions let a translation of an organisation wait, unpublished, until its
    name is translated (wagtail-localize publishes models without drafts at once)."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Stable identifier used by the API and the content import, e.g. “paritaet”."),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("logo alt text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the image's description."),
    )

    preview_url_template = models.CharField(
        _("preview URL template"),
        max_length=500,
        blank=True,
        help_text=_(
            "Address of a draft preview on the organisation's own website, with the "
            "placeholders {token}, {type}, {slug} and {locale}, e.g. "
            "“https://www.example.org/vorschau?token={token}&type={type}”."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("key")]),
        FieldPanel("website"),
        FieldPanel("preview_url_template"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt")], heading=_("Logo")),
    ]

    # Names, keys and addresses are facts that follow the German source; what a reader
    # reads as language is translated.
    translatable_fields = [
        SynchronizedField("key", overridable=False),
        TranslatableField("name"),
        TranslatableField("short_name"),
        SynchronizedField("website"),
        SynchronizedField("preview_url_template"),
        SynchronizedField("logo"),
        TranslatableField("logo_alt"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
        index.FilterField("key"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("key", "locale")]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        self.logo_alt = require_alt_text(self.logo, self.logo_alt, "logo_alt")


class Contact(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A contact person for a topic or a position paper."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Stable identifier used by the content import, e.g. “m-lehmann”."),
    )
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_("e.g. “Dr.” or “Prof. Dr.”")
    )
    given_name = models.CharField(_("given name"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120)
    role = models.CharField(_("role"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text=_("As it should be shown, e.g. “0351 82871-152”."),
    )
    phone_e164 = models.CharField(_("phone (E.164)"), max_length=20, blank=True, editable=False)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo alt text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the image's description."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("honorific"), FieldPanel("given_name"), FieldPanel("family_name")]
        ),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        FieldPanel("key"),
    ]

    translatable_fields = [
        SynchronizedField("key", overridable=False),
        SynchronizedField("honorific"),
        SynchronizedField("given_name", overridable=False),
        SynchronizedField("family_name", overridable=False),
        TranslatableField("role"),
        TranslatableField("organisation"),
        SynchronizedField("email", overridable=False),
        SynchronizedField("phone", overridable=False),
        SynchronizedField("photo"),
        TranslatableField("photo_alt"),
    ]

    search_fields = [
        index.SearchField("given_name"),
        index.SearchField("family_name"),
        index.SearchField("role"),
        index.AutocompleteField("given_name"),
        index.AutocompleteField("family_name"),
        index.FilterField("key"),
        index.FilterField("live"),
        index.FilterField("locale_id"),
    ]

    # A new contact's key is made from the name when the editor leaves it empty.
    base_form_class = ContactForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["family_name", "given_name"]
        unique_together = [("translation_key", "locale"), ("key", "locale")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Keep the tel: form in step with the shown form, whichever path saved the contact.
        self.phone_e164 = normalise_phone(self.phone) if self.phone else ""
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """Display name with honorific: “Dr. Maria Lehmann”."""
        return " ".join(p for p in (self.honorific, self.given_name, self.family_name) if p)

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.photo_alt = require_alt_text(self.photo, self.photo_alt, "photo_alt")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.phone:
            # An invalid number is reported once, by the field's validator (validate_phone).
            with contextlib.suppress(ValidationError):
                self.phone_e164 = normalise_phone(self.phone)
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "contacts/contact_preview.html"
