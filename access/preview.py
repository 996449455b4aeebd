"""``preview/?token=``: the latest revision of a draft page or contact, for a preview link.

The answer is the item's detail shape, built by the same view code as ``positions/{slug}/``,
``topics/{slug}/`` and ``contacts/{id}/`` (their ``response_context``/``item_data``), but from
the latest revision instead of the published version. Related items (topics, contacts,
co-signers) are read as the API reads them, from what is saved: a draft's changed links
show once they are published.

Never cached, on the hub (this view bypasses the response cache) or anywhere else
(``Cache-Control: private, no-store``), named in no surrogate key, and ``noindex``.
"""

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
)
from rest_framework import exceptions
from rest_framework.response import Response

from access.models import PreviewToken, digest
from contacts.models import Contact
from frontend_api.cache import CachedResponseMixin
from frontend_api.errors import PROBLEM_CONTENT_TYPE, problem
from frontend_api.params import LocaleParams, SlugParam, validate_params
from frontend_api.schema import ContentAPISchema
from frontend_api.schema_problems import ProblemSerializer
from frontend_api.serializers.contacts import ContactSerializer
from frontend_api.serializers.positions import PositionDetailSerializer
from frontend_api.serializers.topics import TopicDetailSerializer
from frontend_api.views.base import PublicAPIView
from frontend_api.views.contacts import ContactViewSet
from frontend_api.views.positions import PositionViewSet
from frontend_api.views.topics import TopicViewSet
from home.models import TopicPage
from positions.models import PositionPage

# What can be previewed: the model, its name in preview URLs, and the view that shapes it.
PREVIEWABLE = {
    PositionPage: ("position", PositionViewSet),
    TopicPage: ("topic", TopicViewSet),
    Contact: ("contact", ContactViewSet),
}


def preview_type(obj) -> str | None:
    """``position``, ``topic`` or ``contact``; None for what cannot be previewed."""
    entry = PREVIEWABLE.get(type(obj))
    return entry[0] if entry else None


NO_PREVIEW = "There is no preview for this token."


class PreviewExpired(exceptions.APIException):
    status_code = 401
    default_detail = "This preview link has expired or was revoked."


class PreviewParams(LocaleParams):
    """``token``; ``locale`` and ``fallback`` are accepted like everywhere, but a preview
    answers in the item's own language."""

    # URL-safe base64 as issued (secrets.token_urlsafe), taken exactly as sent.
    token = SlugParam(
        max_length=100, help_text="The token of a preview link, as the editor received it."
    )


def detail_data(obj, request) -> dict:
    """``obj`` (any revision of a previewable item) in the API's detail shape."""
    _, viewset_class = PREVIEWABLE[type(obj)]
    view = viewset_class(request=request, action="retrieve", format_kwarg=None, kwargs={})
    view.use_params({"locale": obj.locale.language_code})
    if isinstance(obj, Contact):  # what ``with_contact_media`` annotates on listed contacts
        obj.organisation_key = obj.organisation.translation_key if obj.organisation else None
    context = view.response_context([obj], detail=True)
    return view.item_data(obj, context, True)


def problem_example(status: int, detail: str) -> OpenApiExample:
    return OpenApiExample(
        str(status), value=problem(status, detail), media_type=PROBLEM_CONTENT_TYPE
    )


PREVIEW_SERIALIZER = PolymorphicProxySerializer(
    component_name="Preview",
    serializers=[PositionDetailSerializer, TopicDetailSerializer, ContactSerializer],
    resource_type_field_name=None,
)


class PreviewSchema(ContentAPISchema):
    """The project's schema, with the answers only a preview gives (401, its own 404)."""

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        responses[200].description = (
            "The latest revision of the item in the detail shape of its endpoint "
            "(`positions/{slug}/`, `topics/{slug}/` or `contacts/{id}/`), in its own language. "
            "`Cache-Control: private, no-store`, `X-Robots-Tag: noindex`."
        )
        responses[(401, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            ProblemSerializer,
            description="The preview link has expired (after 24 hours) or was revoked.",
            examples=[problem_example(401, PreviewExpired.default_detail)],
        )
        responses[(404, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            ProblemSerializer,
            description="No preview link has this token (mistyped or altered), or its item "
            "was deleted.",
            examples=[problem_example(404, NO_PREVIEW)],
        )
        return responses


class PreviewView(PublicAPIView):
    """A draft page or contact, by the token of a preview link an editor created."""

    detail_params = PreviewParams
    schema = PreviewSchema()

    def dispatch(self, request, *args, **kwargs):
        # Skip the response cache of ``PublicAPIView``: a preview is never stored.
        return super(CachedResponseMixin, self).dispatch(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        return PREVIEW_SERIALIZER  # for the schema only: the answer is built by the views

    def get(self, request):
        params = validate_params(request, PreviewParams)
        token = PreviewToken.objects.filter(digest=digest(params["token"])).first()
        if token is None:
            raise exceptions.NotFound(NO_PREVIEW)
        if not token.is_valid:
            raise PreviewExpired()
        model = ContentType.objects.get_for_id(token.content_type_id).model_class()
        obj = model.objects.filter(pk=token.object_id).first() if model in PREVIEWABLE else None
        if obj is None:
            raise exceptions.NotFound("The previewed item no longer exists.")
        draft = obj.get_latest_revision_as_object()
        response = Response(detail_data(draft, request))
        response["Content-Language"] = draft.locale.language_code
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="preview", error="invalid_token"'
        return response
