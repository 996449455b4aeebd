"""How the OpenAPI schema documents ``sync/`` (its answer is not one of the list shapes)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers

from frontend_api.errors import PROBLEM_CONTENT_TYPE, problem
from frontend_api.schema import ContentAPISchema
from frontend_api.schema_problems import ProblemSerializer
from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.serializers.organisations import OrganisationSerializer
from frontend_api.serializers.positions import PositionSerializer
from frontend_api.serializers.topics import TopicSerializer

SYNC_TYPES = ["position", "topic", "contact", "organisation"]


class SyncTombstoneSerializer(serializers.Serializer):
    """An item that was unpublished or deleted (or is no longer public): remove it."""

    type = serializers.ChoiceField(choices=SYNC_TYPES)
    id = serializers.IntegerField()
    slug = serializers.CharField(required=False, help_text="Positions and topics.")
    key = serializers.CharField(required=False, help_text="Organisations.")
    locale = serializers.CharField()
    deleted_at = serializers.DateTimeField()


class SyncPageSerializer(serializers.Serializer):
    """One page of a sync. Exactly one of `next_page_url` (more of this sync: follow it now)
    and `next_sync_url` (done: follow it later for what changed since) is present."""

    items = serializers.ListField(
        child=PolymorphicProxySerializer(
            component_name="SyncItem",
            serializers=[
                PositionSerializer,
                TopicSerializer,
                ContactSerializer,
                OrganisationSerializer,
            ],
            resource_type_field_name=None,
        ),
        help_text="Items in the list shape of their endpoint plus `type` (`position`, "
        "`topic`, `contact`, `organisation`; organisations also carry `id`).",
    )
    deleted = SyncTombstoneSerializer(many=True)
    next_page_url = serializers.URLField(required=False)
    next_sync_url = serializers.URLField(required=False)


def sync_problem_responses() -> dict:
    """The errors ``sync/`` answers besides the usual 400 and 405: 410 for an old token."""
    return {
        (410, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description="The sync token is older than 30 days: start a full sync again.",
            examples=[
                OpenApiExample(
                    "token expired",
                    summary="A sync URL kept for too long",
                    value=problem(410, "This sync token is older than 30 days."),
                    media_type=PROBLEM_CONTENT_TYPE,
                )
            ],
        )
    }


class SyncSchema(ContentAPISchema):
    """The declared parameters and 400/405 like every endpoint; 410 instead of 404."""

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        responses.pop((404, PROBLEM_CONTENT_TYPE), None)
        return {**responses, **sync_problem_responses()}
