"""``organisations/`` and ``organisations/{key}/``."""

from contacts.models import MemberOrganisation
from core.visibility import published_now
from frontend_api.localisation import in_languages
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.organisations import OrganisationSerializer
from frontend_api.surrogate import COLLECTIONS, ORGANISATION
from frontend_api.views.base import ContentViewSet
from frontend_api.views.entries import EntryEndpoint


class OrganisationViewSet(EntryEndpoint, ContentViewSet):
    """The member organisations, by name."""

    kind = ORGANISATION
    endpoint = "organisations"
    ordering = ("title", "object_id")

    def lookup(self, entries):
        return entries.filter(slug=self.kwargs["key"])

    serializer_class = OrganisationSerializer
    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+"
    collection_key = COLLECTIONS[ORGANISATION]

    def get_list_queryset(self, params):
        return (
            in_languages(published_now(MemberOrganisation.objects.all()), self.languages)
            .select_related("logo")
            .prefetch_related(prefetch_image_renditions("logo"))
            .order_by("name", "pk")
        )
