"""``contacts/`` and ``contacts/{id}/``."""

from rest_framework import serializers

from contacts.models import Contact
from core.visibility import published_now
from frontend_api.params import ListParams
from frontend_api.serializers.contacts import ContactSerializer, prefetch_visible_topic_links
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.views.base import ContentViewSet


class ContactListParams(ListParams):
    """Filters of the contact list."""

    topic = serializers.SlugField(
        required=False,
        allow_unicode=True,  # Wagtail allows slugs like "ältere-menschen"
        help_text="Slug of a topic: only the contact people of that topic. "
        "An unknown or hidden topic gives an empty list.",
    )
    organisation = serializers.SlugField(
        required=False,
        help_text="Key of a member organisation, e.g. `paritaet`: only its contact people. "
        "An unknown key gives an empty list.",
    )


class ContactViewSet(ContentViewSet):
    """Published contact people in the requested locale, by family name and given name."""

    serializer_class = ContactSerializer
    list_params = ContactListParams
    lookup_value_regex = "[0-9]+"

    def get_list_queryset(self, params):
        from home.models import TopicContact

        topics = self.visible_topics()
        contacts = published_now(Contact.objects.filter(locale_id=self.requested_locale.pk))
        if "topic" in params:
            links = TopicContact.objects.filter(
                page__in=topics.filter(slug=params["topic"]).values("pk")
            )
            contacts = contacts.filter(pk__in=links.values("contact_id"))
        if "organisation" in params:
            contacts = contacts.filter(organisation__key=params["organisation"])
        return (
            contacts.select_related("organisation__logo", "photo")
            .prefetch_related(
                prefetch_visible_topic_links(topics),
                prefetch_image_renditions("photo"),
                prefetch_image_renditions("organisation__logo"),
            )
            .order_by("family_name", "given_name", "pk")
        )
