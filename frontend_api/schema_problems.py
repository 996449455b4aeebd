"""Problem responses (RFC 9457) as the OpenAPI schema documents them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers

from frontend_api.errors import IF_MATCH_FAILED, PROBLEM_CONTENT_TYPE, problem
from frontend_api.params import MAX_LIMIT, content_language_codes

# --- problems ------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details), answered as `application/problem+json`."""

    type = serializers.CharField(
        help_text="URI reference of the problem type; `about:blank`: the status says it all."
    )
    title = serializers.CharField(help_text="The HTTP status phrase, e.g. `Bad Request`.")
    status = serializers.IntegerField(
        min_value=400, max_value=599, help_text="The HTTP status code."
    )
    detail = serializers.CharField(help_text="What went wrong, in English.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400 only: each invalid parameter with its messages (in English).",
    )


def _problem_example(name: str, summary: str, body: dict) -> OpenApiExample:
    return OpenApiExample(name, summary=summary, value=body, media_type=PROBLEM_CONTENT_TYPE)


def _bad_request_examples(param_names: list[str], is_list: bool) -> list[OpenApiExample]:
    codes = content_language_codes()
    examples = [
        _problem_example(
            "unknown parameter",
            "A parameter the endpoint does not take (e.g. a typo)",
            problem(400, "Invalid query parameters: sort.", {"sort": ["Unknown parameter."]}),
        ),
    ]
    if "locale" in param_names:
        message = f'Unknown locale "xx". Available: {", ".join(codes)}.'
        examples.append(
            _problem_example(
                "unknown locale",
                "A locale that is not a content language",
                problem(400, "Invalid query parameters: locale.", {"locale": [message]}),
            )
        )
    if is_list and "limit" in param_names:
        message = f"Ensure this value is less than or equal to {MAX_LIMIT}."
        examples.append(
            _problem_example(
                "limit too large",
                f"A `limit` over {MAX_LIMIT}",
                problem(400, "Invalid query parameters: limit.", {"limit": [message]}),
            )
        )
    return examples


def problem_responses(param_names: list[str], is_list: bool) -> dict:
    """The error responses of one GET operation, keyed for ``get_response_serializers``."""
    responses = {
        (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description=(
                "Bad query parameters: an unknown parameter, a bad value, a single-value "
                "parameter given twice, an unknown locale"
                + (f" or a `limit` over {MAX_LIMIT}" if is_list else "")
                + ". `errors` names each parameter."
            ),
            examples=_bad_request_examples(param_names, is_list),
        ),
    }
    if not is_list:
        responses[(404, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            ProblemSerializer,
            description="No such object visible in the requested locale.",
            examples=[
                _problem_example("not found", "A missing object", problem(404, "Not found."))
            ],
        )
    responses[(405, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
        ProblemSerializer,
        description=(
            "The API is read-only: any method other than GET, HEAD and OPTIONS on this path "
            "answers 405."
        ),
        examples=[
            _problem_example(
                "method not allowed",
                "E.g. a POST",
                problem(405, 'Method "POST" not allowed.'),
            )
        ],
    )
    responses[(406, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
        ProblemSerializer,
        description=(
            "An `Accept` header that admits no JSON (e.g. `text/html` alone); `*/*`, "
            "`application/*` and `application/json` are fine. Cached or not, the same answer."
        ),
        examples=[
            _problem_example(
                "not acceptable",
                "E.g. `Accept: text/html`",
                problem(406, str(exceptions.NotAcceptable.default_detail)),
            )
        ],
    )
    responses[(412, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
        ProblemSerializer,
        description="`If-Match` names no current `ETag` of the response (sent along).",
        examples=[
            _problem_example(
                "precondition failed",
                "An outdated `If-Match`",
                problem(412, IF_MATCH_FAILED),
            )
        ],
    )
    return responses
