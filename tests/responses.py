"""Reading API responses in tests: the items of a list, problem details."""


def ok(response):
    """``response``, once it is known to be a 200."""
    assert response.status_code == 200, response.content
    return response


def results(response, field) -> list:
    """``field`` of every item in a list response."""
    return [item[field] for item in ok(response).json()["results"]]


def slugs(response) -> list[str]:
    return results(response, "slug")


def problem(response, status) -> dict:
    """The body of a problem response (RFC 9457) with ``status``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()
