"""The admin's list of locked logins (Einstellungen → Gesperrte Anmeldungen), superusers only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.throttling import current_locks, unlock


def require_superuser(request):
    if not request.user.is_superuser:
        raise PermissionDenied


class LockoutIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/lockouts.html"
    page_title = gettext_lazy("Locked logins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        require_superuser(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "locks": current_locks()}


@require_POST
def unlock_view(request):
    require_superuser(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    if unlock(kind, value):
        messages.success(request, _("“%(value)s” is unlocked.") % {"value": value})
    return redirect("core_lockouts")


urlpatterns = [
    path("lockouts/", LockoutIndexView.as_view(), name="core_lockouts"),
    path("lockouts/unlock/", unlock_view, name="core_lockouts_unlock"),
]


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


def menu_item():
    return LockoutMenuItem(
        gettext_lazy("Locked logins"), reverse("core_lockouts"), icon_name="lock", order=900
    )
