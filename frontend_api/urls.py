"""The API v1 router. Include it under ``api/v1/`` with the namespace ``frontend_api``."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from frontend_api.errors import not_found
from frontend_api.views.locales import LocaleListView
from frontend_api.views.organisations import OrganisationViewSet

app_name = "frontend_api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisations")

urlpatterns = [
    path("", include(router.urls)),
    path("locales/", LocaleListView.as_view(), name="locales-list"),
    re_path(r"^.*$", not_found, name="not-found"),
]
