"""URLs of the hub: admin, documents, the content API, embeds and feeds, and the public pages
(last)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.chooser import TopicChooserBrowseView

urlpatterns = [
    path("", include("ops.urls", namespace="ops")),
    # Before Wagtail's own route of the same path: choosing a topic starts at „Themen“.
    path("admin/choose-page/", TopicChooserBrowseView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("frontend_api.urls", namespace="frontend_api")),
    path("", include("embeds.urls", namespace="embeds")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages of the default language (German) keep unprefixed URLs; translations live under /en/ …
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
