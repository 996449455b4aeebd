"""API v1 conventions: strict parameters, problem details, paging, CORS, read-only."""

import pytest
from wagtail.models import Locale

from contacts.factories import MemberOrganisationFactory
from core.factories import LigaImageFactory
from tests.api_helpers import assert_matches_golden, count_queries

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"


@pytest.fixture
def organisations(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made on commit
        logo = LigaImageFactory(title="Logo Verband", width=240, height=120)
    return [
        MemberOrganisationFactory(
            key=f"verband-{i}",
            name=f"Verband {i:02d} Größe",
            short_name=f"V{i}",
            website=f"https://verband-{i}.example.org/",
            logo=logo if i == 3 else None,
        )
        for i in range(5)
    ]


def problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    return body


@pytest.mark.parametrize(
    ("query", "param", "message"),
    [
        ("foo=1", "foo", "Unknown parameter."),
        ("limit=101", "limit", "Ensure this value is less than or equal to 100."),
        ("limit=0", "limit", "Ensure this value is greater than or equal to 1."),
        ("limit=zwanzig", "limit", "A valid integer is required."),
        ("offset=-1", "offset", "Ensure this value is greater than or equal to 0."),
        (
            "locale=xx",
            "locale",
            'Unknown locale "xx". Available: de, en, uk, ar, ru, fa, tr, de-ls.',
        ),
        ("limit=1&limit=2", "limit", "Give this parameter once only."),
    ],
)
def test_bad_parameter_answers_400_naming_it(client, query, param, message):
    body = problem(client.get(f"{ORGANISATIONS}?{query}"), 400)

    assert body["errors"] == {param: [message]}
    assert param in body["detail"]


def test_errors_are_english_whatever_the_client_language(client):
    body = problem(client.get(f"{ORGANISATIONS}?limit=500", HTTP_ACCEPT_LANGUAGE="de"), 400)

    assert body["errors"]["limit"] == ["Ensure this value is less than or equal to 100."]


def test_unknown_object_and_unknown_path_answer_404_problems(client):
    assert problem(client.get(f"{ORGANISATIONS}gibt-es-nicht/"), 404)["detail"]
    body = problem(client.get("/api/v1/gibt/es/nicht/"), 404)
    assert body["detail"] == "There is no API endpoint at /api/v1/gibt/es/nicht/."


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_answer_405(client, organisations, method):
    problem(getattr(client, method)(ORGANISATIONS), 405)
    problem(getattr(client, method)(f"{ORGANISATIONS}verband-1/"), 405)


def test_any_origin_may_read_without_credentials(client, organisations):
    response = client.get(ORGANISATIONS, HTTP_ORIGIN="https://www.awo-sachsen.de")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_json_is_utf8_with_characters_unescaped(client, organisations):
    response = client.get(ORGANISATIONS)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Verband 00 Größe".encode() in response.content


def test_paging_links_are_absolute_and_stable(client, organisations, settings):
    settings.PUBLIC_BASE_URL = "https://inhalte.liga.example"
    settings.ALLOWED_HOSTS = ["*"]  # even where any Host passes, links ignore it
    first = client.get(f"{ORGANISATIONS}?limit=2", HTTP_HOST="evil.example").json()

    assert first["count"] == 5
    assert [o["key"] for o in first["results"]] == ["verband-0", "verband-1"]
    assert first["previous"] is None
    assert first["next"] == "https://inhalte.liga.example/api/v1/organisations/?limit=2&offset=2"
    last = client.get(f"{ORGANISATIONS}?limit=2&offset=4").json()
    assert [o["key"] for o in last["results"]] == ["verband-4"]
    assert last["next"] is None
    assert last["previous"] == "https://inhalte.liga.example/api/v1/organisations/?limit=2&offset=2"


def test_offset_past_the_end_is_an_empty_page(client, organisations):
    body = client.get(f"{ORGANISATIONS}?offset=50").json()

    assert body["count"] == 5 and body["results"] == [] and body["next"] is None


@pytest.mark.parametrize("limit", [1, 100])
def test_limit_edges(client, organisations, limit):
    body = client.get(f"{ORGANISATIONS}?limit={limit}").json()

    assert len(body["results"]) == min(limit, 5)


def test_organisations_list_and_detail_match_golden_files(client, organisations):
    assert_matches_golden("organisations_list", client.get(f"{ORGANISATIONS}?limit=2").json())
    assert_matches_golden("organisation_detail", client.get(f"{ORGANISATIONS}verband-3/").json())


def test_organisations_of_another_locale_are_not_listed(client, organisations):
    english = Locale.objects.get(language_code="en")  # every content language has one
    MemberOrganisationFactory(key="english-only", name="English only", locale=english)

    german = client.get(ORGANISATIONS).json()
    assert "english-only" not in [o["key"] for o in german["results"]]
    assert client.get(f"{ORGANISATIONS}english-only/").status_code == 404
    assert client.get(f"{ORGANISATIONS}english-only/?locale=en").status_code == 200
    assert client.get(f"{ORGANISATIONS}?locale=uk").json()["count"] == 0


def test_organisation_queries_do_not_grow_with_items(client):
    MemberOrganisationFactory(key="eins")
    small, _ = count_queries(client, f"{ORGANISATIONS}?limit=100")
    for i in range(30):
        MemberOrganisationFactory(key=f"mehr-{i}")

    large, response = count_queries(client, f"{ORGANISATIONS}?limit=100")

    assert len(response.json()["results"]) == 31
    assert large == small
    detail, _ = count_queries(client, f"{ORGANISATIONS}eins/")
    assert detail <= small


def test_locales_lists_every_content_language_with_direction(client):
    body = client.get("/api/v1/locales/?limit=100").json()

    by_code = {item["code"]: item for item in body["results"]}
    assert body["count"] == 8
    assert by_code["de"]["is_default"] and by_code["de"]["native_name"] == "Deutsch"
    # Easy German is a language of its own, not "German".
    assert by_code["de-ls"]["name"] == "Easy German"
    assert by_code["de-ls"]["native_name"] == "Deutsch (Leichte Sprache)"
    assert not by_code["de-ls"]["is_default"] and by_code["de-ls"]["direction"] == "ltr"
    assert by_code["ar"]["direction"] == "rtl" and by_code["fa"]["direction"] == "rtl"
    assert by_code["uk"]["direction"] == "ltr"
    assert client.get("/api/v1/locales/?sort=x").status_code == 400


def test_logo_in_a_private_collection_is_never_shown(client, organisations):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    logo = organisations[3].logo
    logo.collection = Collection.get_first_root_node()
    logo.save()
    assert client.get(f"{ORGANISATIONS}verband-3/").json()["logo"] is not None
    nested = private.add_child(name="Vorstand")
    logo.collection = nested
    logo.save()

    assert client.get(f"{ORGANISATIONS}verband-3/").json()["logo"] is None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/positions/?q=Migration",
        "/api/v1/topics/?unbekannt=1",
        "/api/v1/contacts/?limit=1000",
        "/api/v1/search/?q=x",
        "/api/v1/locales/?limit=0",
    ],
)
def test_writing_methods_answer_405_whatever_the_query(client, organisations, method, url):
    problem(getattr(client, method)(url), 405)
