"""Liveness and readiness for load balancers and orchestrators: never cached, no session,
no database on ``/healthz``."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops.health import run_checks


@never_cache
@require_safe
def healthz(request):
    """The process answers (liveness): touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Database, cache and storage answer (readiness): 200, else 503 naming what failed."""
    checks = run_checks()
    ready = all(result == "ok" for result in checks.values())
    failing = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=200 if ready else 503)
