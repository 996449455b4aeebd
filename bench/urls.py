"""URLs of the benchmark server: the hub's own URLs plus Wagtail's API v2 at ``/api/v2/``.

Used only by ``cms.settings.bench``. API v2 must come before ``cms.urls``, whose last pattern
is Wagtail's catch-all page view.
"""

from django.urls import path
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms import urls as cms_urls
from positions.models import PositionPage

# Benchmark only: API v2 serves a page type's fields only when the model lists them in
# ``api_fields``. The hub does not use API v2, so the model declares none; attaching them here
# lets ``fields=*`` return the same content fields as API v1 on the very same models.
PositionPage.api_fields = [
    APIField("teaser"),
    APIField("kind"),
    APIField("published"),
    APIField("image"),
    APIField("image_alt"),
    APIField("document"),
    APIField("body"),
    APIField("topic_links"),
    APIField("contact_links"),
    APIField("organisation_links"),
]

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", api_router.urls), *cms_urls.urlpatterns]
