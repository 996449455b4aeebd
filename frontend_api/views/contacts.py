"""``contacts/`` and ``contacts/{id}/``."""

from frontend_api.params import ListParams, SlugParam
from frontend_api.readmodel import selectors
from frontend_api.related import contacts_data, visible_contacts, with_contact_media
from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.surrogate import COLLECTIONS, CONTACT, ORGANISATION, TOPIC
from frontend_api.views.base import ContentViewSet
from frontend_api.views.entries import EntryEndpoint


class ContactListParams(ListParams):
    """Filters of the contact list."""

    topic = SlugParam(
        required=False,
        allow_unicode=True,  # Wagtail allows slugs like "ältere-menschen"
        help_text="Slug of a topic: only the contact people of that topic. "
        "An unknown or hidden topic gives an empty list.",
    )
    organisation = SlugParam(
        required=False,
        help_text="Key of a member organisation, e.g. `paritaet`: only its contact people. "
        "An unknown key gives an empty list.",
    )


class ContactViewSet(EntryEndpoint, ContentViewSet):
    """Published contact people in the requested locale, by family name and given name."""

    kind = CONTACT
    endpoint = "contacts"

    def filtered(self, entries, params: dict):
        if "topic" in params:
            entries = selectors.contacts_of_topic(entries, params["topic"], self.languages)
        if "organisation" in params:
            keys = selectors.named_keys({ORGANISATION: params[ORGANISATION]}, self.languages)
            entries = selectors.linking(entries, CONTACT, ORGANISATION, keys.get(ORGANISATION, []))
        return entries

    def lookup(self, entries):
        pk = int(self.kwargs["pk"])
        return entries.filter(object_id=pk) if pk < 2**31 else entries.none()

    serializer_class = ContactSerializer
    list_params = ContactListParams
    lookup_value_regex = "[0-9]+"
    collection_key = COLLECTIONS[CONTACT]
    filter_keys = {"topic": COLLECTIONS[TOPIC], "organisation": COLLECTIONS[ORGANISATION]}

    def get_list_queryset(self, params):
        from home.models import TopicContact

        contacts = visible_contacts(self.languages)
        if "topic" in params:
            # A topic's links name the contacts of its source language: match by key.
            links = TopicContact.objects.filter(
                page__in=self.visible_topics().filter(slug=params["topic"]).values("pk")
            )
            contacts = contacts.filter(translation_key__in=links.values("contact__translation_key"))
        if "organisation" in params:
            contacts = contacts.filter(organisation__key=params["organisation"])
        return with_contact_media(contacts).order_by("family_name", "given_name", "pk")

    def response_context(self, contacts, detail: bool = False) -> dict:
        """Everything the contacts of one response need, fetched once for all of them."""
        return {
            **self.get_serializer_context(),
            "contacts": contacts_data(
                contacts,
                visible_topics=self.visible_topics(),
                hidden_collections=self.hidden_collections,
                languages=self.languages,
            ),
        }

    def item_data(self, item, context: dict, detail: bool = False) -> dict:
        return context["contacts"][item.translation_key]
