"""Problem details for every error under ``/api/v1/``, whoever answers it.

The API's own views answer problems (``frontend_api.errors``). A few errors are answered
before or around them: Django answers a request it cannot read (more parameters than
``DATA_UPLOAD_MAX_NUMBER_FIELDS``, a Host not in ``ALLOWED_HOSTS``) with its HTML 400 page and
a crash with its HTML 500 page, and a middleware may answer 403, 413, 414 or 431 in HTML or
with an empty body. This safety net turns any such answer under the API's prefix into a
problem with the same status and headers, so that a client never has to parse HTML.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

from frontend_api.errors import PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/v1/"

# What went wrong, for the statuses that reach here from outside the API's views.
DETAILS = {
    400: "The request could not be read.",
    403: "Access to this resource is forbidden.",
    413: "The request is too large.",
    414: "The request URI is too long.",
    431: "The request's header fields are too large.",
    500: "An unexpected error occurred; it has been logged.",
}
# The status a request Django refused has under the API (Django answers 400 for all of them).
STATUS_BY_EXCEPTION = {RequestDataTooBig: 413}


def exception_detail(exc) -> str | None:
    if isinstance(exc, TooManyFieldsSent):
        return f"Too many query parameters (at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})."
    if isinstance(exc, RequestDataTooBig):
        return "The request body is too large."
    return None


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


class ProblemDetailsMiddleware:
    """Under ``/api/v1/``, answers any 4xx/5xx that is not a problem as a problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api_path(request.path) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        return self.as_problem(request, response)

    def process_exception(self, request, exception):
        """Remember why a view failed (Django's handlers answer it; the detail is ours)."""
        if is_api_path(request.path):
            request.api_exception = exception

    def as_problem(self, request, response):
        exc = getattr(request, "api_exception", None)
        status = STATUS_BY_EXCEPTION.get(type(exc), response.status_code)
        detail = (exception_detail(exc) if exc is not None else None) or DETAILS.get(
            status, HTTPStatus(status).phrase + "."
        )
        # Every header but those describing the old body: Allow, Retry-After, ETag, CORS …
        headers = {
            name: value
            for name, value in response.items()
            if not name.lower().startswith("content-")
        }
        return problem_response(status, detail, headers=headers)
