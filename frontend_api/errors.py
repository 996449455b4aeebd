"""RFC 9457 problem details for every error the API answers.

Clients get the same shape for a bad parameter, a missing object, a wrong method or an
unknown path: ``type``, ``title``, ``status``, ``detail`` and, for bad input, ``errors`` as
``{parameter: [message]}``.
"""

from http import HTTPStatus

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Problem details are written in English whatever the requested locale; saying so keeps
# LocaleMiddleware from labelling them with the admin's interface language.
PROBLEM_LANGUAGE = "en"
# The detail of a 412 (answered by the response cache, documented by the schema).
IF_MATCH_FAILED = "The current ETag of the resource matches none in If-Match."


class ProblemJSONRenderer(JSONRenderer):
    """Renders problem details with their own media type."""

    media_type = PROBLEM_CONTENT_TYPE


class InvalidParameters(exceptions.ValidationError):
    """Bad query parameters: ``errors`` maps each parameter to its messages."""

    default_detail = "The request has invalid parameters."


def problem(status_code: int, detail: str, errors: dict | None = None) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def _messages(value) -> list[str]:
    """Flatten DRF's error detail (a list, or ``{index: [...]}`` for repeated parameters)."""
    if isinstance(value, dict):
        return [
            f"Value {int(index) + 1}: {message}"
            for index, messages in value.items()
            for message in _messages(messages)
        ]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def api_exception_handler(exc, context):
    """DRF exception handler answering problem details."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        errors = {name: _messages(messages) for name, messages in data.items()}
        names = ", ".join(sorted(errors))
        response.data = problem(
            status.HTTP_400_BAD_REQUEST, f"Invalid query parameters: {names}.", errors
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = problem(response.status_code, str(detail))
    response.content_type = PROBLEM_CONTENT_TYPE
    response["Content-Language"] = PROBLEM_LANGUAGE
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code: int, detail: str, headers: dict | None = None) -> JsonResponse:
    """A problem answer outside DRF's views (unknown paths, the middleware's safety net)."""
    response = JsonResponse(
        problem(status_code, detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        headers=headers,
    )
    response["Content-Language"] = PROBLEM_LANGUAGE
    return response


# Methods the API serves on every path; anything else is a write, and the API is read-only.
READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)


@csrf_exempt  # nothing here reads a body or acts on a session: CSRF has nothing to protect
def not_found(request, *args, **kwargs):
    """Any path under /api/v1/ that names no endpoint: 404, or 405 for a writing method
    (the whole API is read-only, so no path accepts one)."""
    if request.method not in READ_METHODS:
        return problem_response(
            405, f'Method "{request.method}" not allowed.', headers={"Allow": ALLOW}
        )
    return problem_response(404, f"There is no API endpoint at {request.path}.")
