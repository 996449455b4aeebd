"""Admin for contact people and member organisations: one "Contacts" menu with both snippets.

The listings are searched with the database (``icontains``) rather than Wagtail's search
index, so they find a contact even when the index is stale and can search the organisation
name too. The locale filter is added by Wagtail itself for translatable snippets when more
than one locale exists, so it is not listed in ``list_filter``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LiveStatusTagColumn, LocaleColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contacts.models import Contact, MemberOrganisation
from core.choosers import TranslatedSnippetChooserViewSet


class ContactViewSet(SnippetViewSet):
    """Contact people: draft, review and publish with revisions, preview as a card."""

    model = Contact
    icon = "user"
    chooser_viewset_class = TranslatedSnippetChooserViewSet
    menu_label = _("Contact people")
    menu_name = "contact-people"
    list_display = [
        "__str__",
        "role",
        "organisation",
        LocaleColumn(),
        UpdatedAtColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["organisation", "live"]
    list_export = [
        "key",
        "honorific",
        "given_name",
        "family_name",
        "role",
        "organisation",
        "email",
        "phone",
        "live",
    ]
    search_fields = [
        "given_name",
        "family_name",
        "role",
        "email",
        "key",
        "organisation__name",
        "organisation__short_name",
    ]
    search_backend_name = None
    ordering = ["family_name", "given_name"]
    list_per_page = 50
    inspect_view_enabled = True


class MemberOrganisationViewSet(SnippetViewSet):
    """The member associations of the LIGA."""

    model = MemberOrganisation
    icon = "site"
    chooser_viewset_class = TranslatedSnippetChooserViewSet
    menu_label = _("Member organisations")
    menu_name = "member-organisations"
    list_display = ["name", "short_name", "key", "website", LocaleColumn(), LiveStatusTagColumn()]
    list_filter = ["live"]
    list_export = ["key", "name", "short_name", "website"]
    search_fields = ["name", "short_name", "key"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50


class ContactsViewSetGroup(SnippetViewSetGroup):
    """One "Contacts" entry in the admin menu for people and organisations."""

    items = (ContactViewSet, MemberOrganisationViewSet)
    menu_icon = "group"
    menu_label = _("Contacts")
    menu_name = "contacts"
    menu_order = 150


register_snippet(ContactsViewSetGroup)
