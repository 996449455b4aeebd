"""The API v1 router. Include it under ``api/v1/`` with the namespace ``frontend_api``."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from access.preview import PreviewView
from frontend_api.errors import not_found
from frontend_api.schema import DocsView, SchemaView
from frontend_api.views.contacts import ContactViewSet
from frontend_api.views.locales import LocaleListView
from frontend_api.views.organisations import OrganisationViewSet
from frontend_api.views.positions import PositionViewSet
from frontend_api.views.search import SearchViewSet
from frontend_api.views.topics import TopicViewSet

app_name = "frontend_api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisations")
router.register("contacts", ContactViewSet, basename="contacts")
router.register("topics", TopicViewSet, basename="topics")
router.register("positions", PositionViewSet, basename="positions")

urlpatterns = [
    path("", include(router.urls)),
    path("locales/", LocaleListView.as_view(), name="locales-list"),
    # A list only (no detail route), so not registered with the router.
    path("search/", SearchViewSet.as_view({"get": "list"}), name="search-list"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    # A draft by the token of an editor's preview link (access.preview), never cached.
    path("preview/", PreviewView.as_view(), name="preview"),
    re_path(r"^.*$", not_found, name="not-found"),
]
