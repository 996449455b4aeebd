"""django-csp's middleware with the admin's policy under /admin/ (cms/settings/security.py)."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """One policy for the public site and the API; the admin's replaces a few directives.
    A response that already has a policy (embeds, downloads) keeps its own."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.replace is None and request.path.startswith("/admin/"):
            parts.replace = settings.CSP_ADMIN_REPLACE
        elif parts.update is None and response.status_code >= 500:
            # templates/500.html is rendered without a request (so without a nonce) and
            # carries its own stylesheet; it shows no content of anyone's.
            parts.update = {"style-src": ["'unsafe-inline'"]}
        return parts
