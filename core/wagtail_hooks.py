"""Wagtail hooks of the public site: what a page link or a page request may show."""

from django.http import Http404
from wagtail import hooks

from core import lockouts
from core.public_site import PublicDocumentLinkHandler, PublicPageLinkHandler
from core.visibility import has_expired


# After Wagtail's own handlers (order 0), so that these replace them.
@hooks.register("register_rich_text_features", order=100)
def register_public_link_types(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_serve_page")
def hide_expired_page(page, request, serve_args, serve_kwargs):
    """A page past its ``expire_at`` answers 404 at once, as in the API, even before the
    scheduler has unpublished it."""
    if has_expired(page):
        raise Http404


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return lockouts.urlpatterns


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return lockouts.menu_item()
