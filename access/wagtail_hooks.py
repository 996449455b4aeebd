"""Admin of API access: the API keys (list, rename, revoke; created with ``manage.py apikeys``
because a key is shown once, to whoever runs the command), the "API usage" report, and a
"Preview link" item in the action menu of positions, topics and contact people."""

from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem as PageActionMenuItem
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import MenuItem
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from access.admin_views import PreviewLinksView, RevokeKeyView, UsageReportView
from access.models import ApiKey
from access.preview import PREVIEWABLE


class ApiKeyIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None:
            url = reverse("access_apikey:revoke", args=[instance.pk])
            buttons.append(MenuItem(_("Revoke"), url=url, icon_name="cross", priority=30))
        return buttons


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = _("API keys")
    add_to_settings_menu = True
    index_view_class = ApiKeyIndexView
    copy_view_enabled = False
    form_fields = ["name"]
    list_display = [
        "name",
        Column("prefix", label=_("Prefix")),
        Column("organisation", label=_("Organisation")),
        DateColumn("created_at", label=_("Created")),
        DateColumn("last_used", label=_("Last used")),
        StatusTagColumn(
            "revoked_at",
            label=_("Status"),
            accessor=lambda key: _("revoked") if key.revoked_at else _("active"),
            primary=lambda key: key.revoked_at is None,
        ),
    ]
    list_filter = ["organisation"]
    search_fields = ["name", "prefix"]

    # Keys are made by ``manage.py apikeys create`` (shown once) and revoked, never deleted:
    # their usage stays on record.
    def get_urlpatterns(self):
        urlpatterns = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("add", "delete")
        ]
        return [*urlpatterns, path("revoke/<int:pk>/", RevokeKeyView.as_view(), name="revoke")]

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "add_url_name": None}

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "delete_url_name": None}


api_key_viewset = ApiKeyViewSet("access_apikey")


@hooks.register("register_admin_viewset")
def register_api_keys():
    return api_key_viewset


@hooks.register("register_admin_urls")
def register_access_urls():
    return [
        path("access/usage/", UsageReportView.as_view(), name="access_usage"),
        path(
            "access/usage/results/",
            UsageReportView.as_view(results_only=True),
            name="access_usage_results",
        ),
        path(
            "access/preview/<int:content_type_id>/<int:object_id>/",
            PreviewLinksView.as_view(),
            name="access_preview_links",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_usage_report():
    return AdminOnlyMenuItem(
        _("API usage"), reverse("access_usage"), name="api-usage", icon_name="key", order=900
    )


def preview_links_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return reverse("access_preview_links", args=[content_type.pk, obj.pk])


class PreviewLinkItem:
    """What the page and the snippet menu item share: a link to the preview links view."""

    label = _("Preview link")
    name = "action-preview-link"
    icon_name = "link"
    order = 90


class PreviewLinkPageItem(PreviewLinkItem, PageActionMenuItem):
    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and page.specific_class in PREVIEWABLE
            and super().is_shown(context)
        )

    def get_url(self, context):
        return preview_links_url(context["page"].specific_deferred)


class PreviewLinkSnippetItem(PreviewLinkItem, SnippetActionMenuItem):
    def is_shown(self, context):
        return context["view"] == "edit" and super().is_shown(context)

    def get_url(self, context):
        return preview_links_url(context["instance"])


@hooks.register("register_page_action_menu_item")
def register_page_preview_link():
    return PreviewLinkPageItem()


@hooks.register("register_snippet_action_menu_item")
def register_snippet_preview_link(model):
    return PreviewLinkSnippetItem() if model in PREVIEWABLE else None
