"""Every error under /api/v1/ is problem+json, whoever answers it; content negotiation does not
depend on the response cache; OPTIONS takes its GET's parameters; hostile parameter values
are refused, never trimmed."""

import re

import pytest
from django.test import Client

from contacts.factories import MemberOrganisationFactory
from core.factories import LigaDocumentFactory
from frontend_api.views.positions import PositionViewSet
from tests.schema_helpers import fetch_schema

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"
POSITIONS = "/api/v1/positions/"


@pytest.fixture
def organisations(db):
    return [MemberOrganisationFactory(key=f"verband-{i}", name=f"Verband {i}") for i in range(3)]


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    assert body["detail"]
    return body


# --- paths and methods -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/pos%0Aitions/", "/api/v1/%0A", "/api/v1/a%0D%0Ab/"])
def test_a_line_break_in_the_path_is_an_unknown_path(client, path):
    body = problem(client.get(path), 404)

    assert body["detail"].startswith("There is no API endpoint at /api/v1/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/gibt-es-nicht/", ORGANISATIONS, "/api/v1/schema/"])
def test_writing_to_any_path_answers_405_even_with_csrf_checks(organisations, method, path):
    client = Client(enforce_csrf_checks=True)  # as a browser's request would be checked

    response = getattr(client, method)(path, data="x=1", content_type="text/plain")

    problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_options_on_an_unknown_path_is_404(client):
    problem(client.options("/api/v1/gibt-es-nicht/"), 404)


# --- conditional requests --------------------------------------------------------------------


def test_if_match_with_another_etag_answers_412_whether_cached_or_not(client, organisations):
    for _state in ("built", "cached"):
        response = client.get(ORGANISATIONS, HTTP_IF_MATCH='"anders"')
        problem(response, 412)
        assert response["ETag"]
    etag = client.get(ORGANISATIONS)["ETag"]
    assert client.get(ORGANISATIONS, HTTP_IF_MATCH=etag).status_code == 200


# --- requests Django refuses, and crashes ------------------------------------------------------


def test_more_than_the_maximum_number_of_parameters_answers_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    query = "&".join(f"p{i}=1" for i in range(51))

    body = problem(client.get(f"{POSITIONS}?{query}"), 400)

    assert body["detail"] == "Too many query parameters (at most 50)."


def test_a_host_not_served_answers_400(client):
    problem(client.get(ORGANISATIONS, HTTP_HOST="evil.example"), 400)


def test_a_forbidden_user_agent_answers_403(client, settings):
    settings.DISALLOWED_USER_AGENTS = [re.compile("BadBot")]

    problem(client.get(ORGANISATIONS, HTTP_USER_AGENT="BadBot/1.0"), 403)


def test_a_crash_answers_500_without_html(site_tree, monkeypatch):
    def crash(self, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(PositionViewSet, "filtered", crash)
    client = Client(raise_request_exception=False)

    body = problem(client.get(POSITIONS), 500)

    assert "boom" not in body["detail"]


# --- content negotiation ---------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/problem+json"])
def test_an_accept_without_json_answers_406_whether_cached_or_not(client, organisations, accept):
    problem(client.get(ORGANISATIONS, HTTP_ACCEPT=accept), 406)  # nothing cached yet
    assert client.get(ORGANISATIONS).status_code == 200  # now it is

    problem(client.get(ORGANISATIONS, HTTP_ACCEPT=accept), 406)


@pytest.mark.parametrize(
    "accept",
    [
        "*/*",
        "application/json",
        "application/*",
        "application/json, application/problem+json",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",  # a browser's
    ],
)
def test_an_accept_with_json_answers_200_whether_cached_or_not(client, organisations, accept):
    first = client.get(ORGANISATIONS, HTTP_ACCEPT=accept)
    second = client.get(ORGANISATIONS, HTTP_ACCEPT=accept)

    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == second["Content-Type"] == "application/json; charset=utf-8"
    assert first.content == second.content


# --- OPTIONS ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/?q=x",
        "/api/v1/search/",  # OPTIONS requires nothing
        f"{POSITIONS}?organisation=diakonie&topic=armut&limit=5",
        f"{POSITIONS}rueckkehrberatung/?locale=en",
    ],
)
def test_options_takes_the_parameters_of_get(client, url):
    response = client.options(url)

    assert response.status_code == 200, response.content
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("url", "param"), [("/api/v1/search/?sort=x", "sort"), (f"{POSITIONS}?limit=0", "limit")]
)
def test_options_refuses_what_get_refuses(client, url, param):
    assert param in problem(client.options(url), 400)["errors"]


# --- parameter values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "param"),
    [
        (f"{POSITIONS}?organisation=diakonie%0A", "organisation"),
        (f"{POSITIONS}?organisation=%20diakonie", "organisation"),
        (f"{POSITIONS}?topic=armut%0A", "topic"),
        (f"{POSITIONS}?topic=ar%09mut", "topic"),
        ("/api/v1/contacts/?organisation=diakonie%0D", "organisation"),
        ("/api/v1/contacts/?topic=armut%0A", "topic"),
        (f"{POSITIONS}?q=a%00b", "q"),
        ("/api/v1/search/?q=a%01b", "q"),
        ("/api/v1/topics/?q=Armut%0A", "q"),
        (f"{POSITIONS}?offset=1000000001", "offset"),
    ],
)
def test_control_characters_and_untrimmed_values_are_refused(client, url, param):
    body = problem(client.get(url), 400)

    assert list(body["errors"]) == [param]


def test_published_after_later_than_published_before_names_both(client):
    url = f"{POSITIONS}?published_after=2025-03-02&published_before=2025-03-01"

    body = problem(client.get(url), 400)

    assert sorted(body["errors"]) == ["published_after", "published_before"]
    same_day = f"{POSITIONS}?published_after=2025-03-01&published_before=2025-03-01"
    assert client.get(same_day).status_code == 200


def test_the_schema_states_the_parameter_rules(client):
    schema = fetch_schema(client)
    params = {
        param["name"]: param for param in schema["paths"]["/api/v1/positions/"]["get"]["parameters"]
    }

    assert params["organisation"]["schema"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert params["topic"]["schema"]["items"]["pattern"] == r"^[-\w]+$"
    assert params["q"]["schema"]["pattern"] == r"^[^\u0000-\u001f\u007f]*$"
    assert params["offset"]["schema"]["maximum"] == 1_000_000_000
    for name in ("published_after", "published_before"):
        assert "must not be later than" in params[name]["description"]


# --- document downloads ----------------------------------------------------------------------


def test_a_download_has_no_content_encoding(client):
    document = LigaDocumentFactory(title="Positionspapier", text="Inhalt")

    response = client.get(document.url)

    assert response.status_code == 200
    assert "Content-Encoding" not in response
