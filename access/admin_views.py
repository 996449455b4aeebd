"""Admin views: preview links of a draft, revoking an API key, the "API usage" report."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from access import usage
from access.models import ApiKey, ApiKeyUsage, PreviewToken
from access.preview import PREVIEWABLE, preview_type
from contacts.models import MemberOrganisation
from frontend_api.links import public_base_url

# --- preview links ---------------------------------------------------------------------------


def previewable_object(user, content_type_id: int, object_id: int):
    """The page or contact the user may edit and preview, else 404 / 403."""
    model = get_object_or_404(ContentType, pk=content_type_id).model_class()
    if model not in PREVIEWABLE:
        raise Http404
    obj = get_object_or_404(model, pk=object_id)
    if isinstance(obj, Page):
        allowed = obj.permissions_for_user(user).can_edit()
    else:
        allowed = user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    if not allowed:
        raise PermissionDenied
    return obj


def preview_api_url(token: str) -> str:
    return f"{public_base_url()}{reverse('frontend_api:preview')}?token={token}"


def member_site_urls(obj, token: str) -> list[tuple[str, str]]:
    """``[(organisation, URL)]`` from each member organisation's preview URL template.

    Plain replacement, not ``str.format``: a template is an editor's text and must not reach
    attributes of the values.
    """
    values = {
        "{token}": token,
        "{type}": preview_type(obj),
        "{slug}": getattr(obj, "slug", None) or obj.key,
        "{locale}": obj.locale.language_code,
    }
    organisations = MemberOrganisation.objects.filter(locale=Locale.get_default()).exclude(
        preview_url_template=""
    )
    urls = []
    for organisation in organisations:
        url = organisation.preview_url_template
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        urls.append((str(organisation), url))
    return urls


class PreviewLinksView(WagtailAdminTemplateMixin, TemplateView):
    """The preview links of one draft: create one (shown once), revoke one."""

    template_name = "access/preview_links.html"
    page_title = _("Preview links")
    header_icon = "link"

    def dispatch(self, request, content_type_id, object_id):
        self.object = previewable_object(request.user, content_type_id, object_id)
        self.content_type_id, self.object_id = content_type_id, object_id
        return super().dispatch(request)

    def get_page_subtitle(self):
        return str(self.object)

    def post(self, request):
        revoke = request.POST.get("revoke")
        if revoke:
            token = get_object_or_404(self.tokens(), pk=revoke)
            token.revoke()
            messages.success(request, _("The preview link has been revoked."))
            return redirect(request.path)
        _token, secret = PreviewToken.issue(self.object, request.user)
        return self.render_to_response(
            self.get_context_data(
                new_link=preview_api_url(secret),
                member_site_urls=member_site_urls(self.object, secret),
            )
        )

    def tokens(self):
        return PreviewToken.objects.filter(
            content_type_id=self.content_type_id, object_id=self.object_id
        ).select_related("created_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, tokens=self.tokens()[:20], **kwargs)


# --- API keys --------------------------------------------------------------------------------


class RevokeKeyView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then revoke an API key (it stays listed, with its usage)."""

    template_name = "access/revoke_key.html"
    page_title = _("Revoke API key")
    header_icon = "key"
    index_url_name = "access_apikey:index"

    def dispatch(self, request, pk):
        if not request.user.has_perm("access.change_apikey"):
            raise PermissionDenied
        self.key = get_object_or_404(ApiKey, pk=pk)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return str(self.key)

    def post(self, request):
        self.key.revoke()
        messages.success(request, _("The API key “%(key)s” has been revoked.") % {"key": self.key})
        return redirect(self.index_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            key=self.key, index_url=reverse(self.index_url_name), **kwargs
        )


class UsageReportView(ReportView):
    """Requests per API key and day (written from the cache's counters when shown)."""

    page_title = _("API usage")
    header_icon = "key"
    index_url_name = "access_usage"
    index_results_url_name = "access_usage_results"
    model = ApiKeyUsage
    columns = [
        DateColumn("day", label=_("Day")),
        Column("organisation", label=_("Organisation"), accessor="key.organisation"),
        Column("key", label=_("API key"), accessor="key"),
        Column("count", label=_("Requests")),
    ]
    list_export = ["day", "key.organisation", "key", "count"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("access.view_apikeyusage"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        usage.flush()
        return ApiKeyUsage.objects.select_related("key__organisation").order_by(
            "-day", "key__organisation__key", "key__name"
        )
