"""Login throttling with django-axes: the lockout answer and unlocking.

The client's address is ``core.clients.client_ip`` (the API's rate limits use it too).

cms/settings/security.py configures it; the admin's list of locks is core.views.lockouts.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. Login is locked for %(minutes)d minutes; an "
        "administrator can unlock it sooner."
    ) % {"minutes": minutes}


def lockout_response(request, original_response, credentials=None):
    """The login page again, with the lock as its error (429), instead of axes' plain page."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None)
    form = (context or {}).get("form")
    if form is None:
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    form.errors.clear()
    form.errors["__all__"] = form.error_class([message])
    return TemplateResponse(request, original_response.template_name, context, status=429).render()


LOCK_KINDS = {"username": _lazy("User name"), "ip_address": _lazy("Client address")}


def current_locks() -> list[dict]:
    """What is locked now: each user name and client address whose failures within the
    cool-off time reach the limit (axes adds them up the same way), newest first."""
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    locks = []
    for kind, label in LOCK_KINDS.items():
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        locks += [{"kind": kind, "label": label, "value": row[kind], **row} for row in rows]
    return sorted(locks, key=lambda lock: lock["last"], reverse=True)


def unlock(kind: str, value: str) -> int:
    """Forget the failures of one user name or client address; returns how many records."""
    if kind not in LOCK_KINDS:
        return 0
    return AxesProxyHandler.reset_attempts(**{kind: value})
