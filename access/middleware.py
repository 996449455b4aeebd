"""Keys and rate limits for every request under ``/api/v1/``.

It runs before any view, so a response served from the API's response cache
(``frontend_api.cache``), a 304, an error, the schema and the docs are all counted and all
carry the ``RateLimit`` headers; a refused request (401, 429) never reaches the view or the
cache at all. The headers are added to the finished response, never kept in a cached one.

Keyed requests are served from the same cached responses as anonymous ones: the content is
public and the cache key is the path and query alone, so no ``Vary: Authorization`` is set
(it would split every CDN and browser cache per key for identical bodies).
"""

from django.conf import settings

from access import ratelimit, usage
from access.keys import InvalidKey, bearer_token, key_id_for
from frontend_api.errors import problem_response

API_PREFIX = "/api/v1/"


def _with_headers(response, verdict: ratelimit.Verdict):
    for name, value in verdict.headers().items():
        response[name] = value
    return response


class ApiAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = getattr(settings, "API_ACCESS_PREFIX", API_PREFIX)
        if not request.path.startswith(prefix):
            return self.get_response(request)
        try:
            secret = bearer_token(request)
            key_id = key_id_for(secret) if secret is not None else None
        except InvalidKey as exc:
            # Counted against the address, answered 401 whatever its quota.
            verdict = ratelimit.hit("anon", ratelimit.client_ip(request))
            response = problem_response(401, str(exc))
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return _with_headers(response, verdict)
        if key_id is None:
            verdict = ratelimit.hit("anon", ratelimit.client_ip(request))
        else:
            verdict = ratelimit.hit("key", str(key_id))
            usage.count_request(key_id)
        if not verdict.allowed:
            response = problem_response(
                429, f"Too many requests: try again in {verdict.reset} seconds."
            )
            response["Retry-After"] = str(verdict.reset)
            return _with_headers(response, verdict)
        return _with_headers(self.get_response(request), verdict)
