"""The admin's webhook endpoints: Wagtail's model views, the attempts in the inspect view,
"resend" for a delivery and "new secret" for an endpoint."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from integration.http import Refused, check_url
from integration.models import EVENT_TYPES, WebhookDelivery, WebhookEndpoint
from integration.outbox import resend

DELIVERIES_SHOWN = 50


class WebhookEndpointForm(WagtailAdminModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("events"),
        choices=[(event, event) for event in EVENT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to receive every event."),
    )
    locale = forms.ChoiceField(
        label=_("locale"),
        required=False,
        help_text=_("Only events of content in this language; empty for all."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "url", "event_types", "locale", "topic", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [("", "—"), *settings.WAGTAIL_CONTENT_LANGUAGES]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except Refused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


class EndpointInspectView(InspectView):
    """The endpoint, its secret(s) and its latest deliveries with every attempt."""

    template_name = "integration/endpoint_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = (
            WebhookDelivery.objects.filter(endpoint=self.object)
            .select_related("event")
            .prefetch_related("attempts")[:DELIVERIES_SHOWN]
        )
        context["can_change"] = self.permission_policy.user_has_permission(
            self.request.user, "change"
        )
        return context


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    menu_order = 800
    add_to_settings_menu = True
    list_display = [
        "url",
        "organisation",
        Column("state", label=_("state"), accessor="get_state_display"),
        "created_at",
    ]
    list_filter = ["state", "organisation"]
    inspect_view_enabled = True
    inspect_view_class = EndpointInspectView
    inspect_view_fields = ["organisation", "url", "event_types", "locale", "topic", "state"]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path("<int:pk>/rotate/", self.rotate_view, name="rotate"),
            path("delivery/<int:pk>/resend/", self.resend_view, name="resend"),
        ]

    def require_change(self, request):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied

    @property
    def rotate_view(self):
        @require_POST
        def view(request, pk):
            self.require_change(request)
            endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
            endpoint.rotate_secret()
            messages.success(
                request,
                _("New secret; the previous one keeps signing for 24 hours."),
            )
            return redirect(self.get_url_name("inspect"), pk)

        return view

    @property
    def resend_view(self):
        @require_POST
        def view(request, pk):
            self.require_change(request)
            delivery = get_object_or_404(WebhookDelivery, pk=pk)
            resend(delivery)
            messages.success(request, _("The delivery is sent again."))
            return redirect(self.get_url_name("inspect"), delivery.endpoint_id)

        return view


webhook_endpoint_viewset = WebhookEndpointViewSet("webhooks")
