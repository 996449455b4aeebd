"""``schema/`` and ``docs/``: a valid OpenAPI 3 schema that documents every endpoint, parameter,
response and error as the API really behaves, and docs served without any outside request."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver
from openapi_spec_validator import validate as validate_spec
from rest_framework import serializers

from frontend_api import urls as api_urls
from frontend_api.params import DEFAULT_LIMIT, MAX_LIMIT
from frontend_api.views.base import ContentViewSet, PublicAPIView
from frontend_api.views.locales import LocaleListView, LocaleParamsNoLocale
from tests.schema_helpers import SCHEMA, assert_fits, fetch_schema, resolve

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs/"
PROBLEM = "application/problem+json"
NOT_DOCUMENTED = {"schema", "docs", "not-found"}


@pytest.fixture
def schema(client):
    return fetch_schema(client)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


# --- the endpoints of the URLconf, found independently of drf-spectacular ------------------


def _openapi_path(route: str) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # router regexes
    route = route.replace("{pk}", "{id}")  # as DRF names a primary key in schemas
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path() converters


def url_endpoints(patterns=None, prefix=""):
    """``(path, name, view class, actions)`` of each route of ``frontend_api.urls``."""
    for pattern in api_urls.urlpatterns if patterns is None else patterns:
        route = prefix + _openapi_path(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_endpoints(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and pattern.name not in NOT_DOCUMENTED:
            callback = pattern.callback
            yield (
                "/api/v1/" + route,
                pattern.name,
                getattr(callback, "cls", None),
                getattr(callback, "actions", None) or {},
            )


def accepted_params(view_class, actions):
    """The parameter serializer the view validates requests with, and whether it is a list."""
    if issubclass(view_class, ContentViewSet):
        is_list = actions.get("get") == "list"
        return (view_class.list_params if is_list else view_class.detail_params), is_list
    assert issubclass(view_class, PublicAPIView), view_class
    if getattr(view_class, "list_params", None) is not None:
        return view_class.list_params, True
    assert getattr(view_class, "detail_params", None), (
        f"{view_class.__name__}: declare the parameter serializer it validates with as "
        "`list_params` (or `detail_params`), so the schema documents it"
    )
    return view_class.detail_params, False


ENDPOINTS = list(url_endpoints())
ALL = [pytest.param(*endpoint, id=endpoint[0]) for endpoint in ENDPOINTS]
LISTS = [
    pytest.param(*endpoint, id=endpoint[0])
    for endpoint in ENDPOINTS
    if accepted_params(endpoint[2], endpoint[3])[1]
]


def query_params(operation) -> dict:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


# --- validity ------------------------------------------------------------------------------


def test_schema_is_valid_openapi_3_in_json_and_yaml(client, schema):
    validate_spec(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "LIGA content API" and schema["info"]["version"] == "1.0.0"

    response = client.get(SCHEMA)  # YAML by default
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content) == schema


def test_format_json_answers_json(client):
    response = client.get(f"{SCHEMA}?format=json")

    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(response.content)["openapi"].startswith("3.")


@pytest.mark.parametrize("url", [f"{SCHEMA}?format=xml", f"{SCHEMA}?foo=1", f"{DOCS}?foo=1"])
def test_schema_and_docs_take_strict_parameters_too(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert set(response.json()["errors"]) <= {"format", "foo"}
    assert client.get(f"{SCHEMA}?format=json&locale=en").status_code == 200


def test_schema_and_docs_are_read_only(client):
    for url in (SCHEMA, DOCS):
        response = client.post(url)
        assert response.status_code == 405 and response["Content-Type"] == PROBLEM


def test_generation_emits_no_warning_and_validates(tmp_path, capsys):
    target = tmp_path / "schema.yaml"

    try:
        call_command(
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
            stdout=io.StringIO(),
        )
    except Exception as exc:  # noqa: BLE001 - show what drf-spectacular printed
        pytest.fail(f"{exc}\n{capsys.readouterr().err}")
    errors = capsys.readouterr().err
    assert "Warning" not in errors and "Error" not in errors, errors
    validate_spec(yaml.safe_load(target.read_text(encoding="utf-8")))


# --- coverage of the URLconf ---------------------------------------------------------------


def test_every_api_path_is_documented_and_nothing_else(schema):
    expected = {path for path, *_ in ENDPOINTS}

    assert {"/api/v1/organisations/", "/api/v1/locales/"} <= expected
    assert set(schema["paths"]) == expected
    for path in expected:
        assert set(schema["paths"][path]) == {"get"}, path


@pytest.mark.parametrize(("path", "name", "view", "actions"), ALL)
def test_each_operation_documents_exactly_the_parameters_it_accepts(
    schema, path, name, view, actions
):
    params_class, is_list = accepted_params(view, actions)
    operation = schema["paths"][path]["get"]
    documented = query_params(operation)

    assert set(documented) == set(params_class().fields)
    assert "locale" in documented
    locale = documented["locale"]["schema"]
    assert locale["enum"] == [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    for variable in re.findall(r"{(\w+)}", path):
        assert any(p["in"] == "path" and p["name"] == variable for p in operation["parameters"])
    for param in documented.values():
        assert param.get("description"), f"{path}: give `{param['name']}` a help_text"
    repeatable = getattr(view, "repeatable_params", ())
    for name_ in repeatable:
        if name_ in documented:
            assert documented[name_]["schema"]["type"] == "array"
            assert documented[name_]["explode"] is True


@pytest.mark.parametrize(("path", "name", "view", "actions"), LISTS)
def test_each_list_documents_paging_locale_filters_and_the_envelope(
    schema, path, name, view, actions
):
    operation = schema["paths"][path]["get"]
    documented = query_params(operation)
    params_class, _ = accepted_params(view, actions)
    filters = set(params_class().fields) - {"limit", "offset", "locale"}

    assert {"limit", "offset", "locale"} | filters == set(documented)
    limit = documented["limit"]["schema"]
    assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 1, MAX_LIMIT)
    assert limit["default"] == DEFAULT_LIMIT
    assert documented["offset"]["schema"]["minimum"] == 0
    ok = operation["responses"]["200"]["content"]["application/json"]
    envelope = resolve(schema, ok["schema"])
    assert set(envelope["required"]) == {"count", "next", "previous", "results"}
    assert envelope["properties"]["results"]["type"] == "array"
    assert envelope["properties"]["next"]["type"] == ["string", "null"]
    example = next(iter(ok["examples"].values()))["value"]
    assert set(example) == {"count", "next", "previous", "results"}


def test_positions_document_their_repeatable_topic_filter(schema):
    path = "/api/v1/positions/"
    if path not in schema["paths"]:
        pytest.skip("positions/ is not routed yet")
    topic = query_params(schema["paths"][path]["get"])["topic"]

    assert topic["schema"]["type"] == "array" and topic["explode"] is True
    assert topic.get("style", "form") == "form"


# --- errors and examples -------------------------------------------------------------------


def test_problem_schema_is_rfc_9457(schema):
    problem = schema["components"]["schemas"]["Problem"]

    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    errors = problem["properties"]["errors"]
    assert errors["type"] == "object"
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


# A preview link's token may have expired (401) or name nothing (404).
OWN_ERRORS = {
    "/api/v1/preview/": {"401", "404"},
    "/api/v1/sync/": {"410"},  # a sync token older than 30 days
}


def test_errors_are_documented_as_problem_json(schema):
    for path, _method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"200", "400", "405", "406", "412"} | ({"404"} if "{" in path else set())
        expected |= OWN_ERRORS.get(path, set())
        assert set(responses) == expected, path
        for code in expected - {"200"}:
            content = responses[code]["content"]
            assert list(content) == [PROBLEM], (path, code)
            assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert responses[code]["description"]
        bad_request = responses["400"]["content"][PROBLEM]["examples"]
        assert any(e["value"]["errors"].get("locale") for e in bad_request.values()), path


def test_every_response_has_an_example_that_fits_its_schema(schema):
    for path, _method, operation in operations(schema):
        for code, response in operation["responses"].items():
            for media_type, content in response["content"].items():
                assert content.get("examples"), (path, code, media_type)
                for example in content["examples"].values():
                    assert_fits(schema, content["schema"], example["value"])


# --- real answers fit the schema -----------------------------------------------------------


def test_real_answers_of_every_endpoint_fit_the_schema(client, schema, site_tree):
    call_command("import_content", "demo/bundle", stdout=io.StringIO())
    checked = 0
    for path, _name, view, actions in ENDPOINTS:
        _, is_list = accepted_params(view, actions)
        if not is_list:
            continue
        operation = schema["paths"][path]["get"]
        # A required parameter (`q` of search/) gets a value that finds demo content.
        required = {
            p["name"]: "Migration" for p in query_params(operation).values() if p.get("required")
        }
        response = client.get(path, {"limit": 100, **required})
        assert response.status_code == 200, (path, response.content)
        assert_fits(
            schema,
            operation["responses"]["200"]["content"]["application/json"]["schema"],
            response.json(),
        )
        checked += 1
        detail_path = next(
            (p for p in schema["paths"] if p.startswith(path) and p != path and "{" in p), None
        )
        if detail_path is None or not response.json()["results"]:
            continue
        item = response.json()["results"][0]
        variable = re.search(r"{(\w+)}", detail_path).group(1)
        detail = client.get(detail_path.replace(f"{{{variable}}}", str(item[variable])))
        assert detail.status_code == 200, (detail_path, detail.content)
        responses = schema["paths"][detail_path]["get"]["responses"]
        assert_fits(
            schema, responses["200"]["content"]["application/json"]["schema"], detail.json()
        )
        missing = client.get(detail_path.replace(f"{{{variable}}}", "0"))
        assert missing.status_code == 404
        assert_fits(schema, responses["404"]["content"][PROBLEM]["schema"], missing.json())
        checked += 1
    bad = client.get("/api/v1/organisations/?limit=500&foo=1")
    assert_fits(schema, {"$ref": "#/components/schemas/Problem"}, bad.json())
    assert checked >= 4


def example_value(param_schema):
    if param_schema.get("type") == "array":
        item = example_value(param_schema["items"])
        return [item, item]
    if param_schema.get("enum"):
        return [param_schema["enum"][0]]
    if param_schema.get("type") == "integer":
        return [str(param_schema.get("minimum", 1))]
    if param_schema.get("format") == "date":
        return ["2020-07-21"]
    if param_schema.get("type") == "boolean":
        return ["true"]
    return ["rueckkehrberatung"]


@pytest.mark.parametrize(("path", "name", "view", "actions"), ALL)
def test_every_documented_parameter_is_accepted(client, schema, path, name, view, actions):
    """Documented parameters with documented values never answer 400 (details answer 404:
    there is no object); anything undocumented does."""
    operation = schema["paths"][path]["get"]
    # Tokens are valid only as the hub issued them (tests/test_api_sync.py and
    # tests/test_api_preview.py follow real ones): an optional one (sync/) is left out, a
    # required one (preview/) is sent made up and names nothing (404).
    query = [
        (param["name"], value)
        for param in query_params(operation).values()
        for value in (example_value(param["schema"]) if param["name"] != "token" else ["made-up"])
        if param["name"] != "token" or param.get("required")
    ]
    url = re.sub(r"{\w+}", "0", path)

    response = client.get(url, query)
    assert response.status_code in (200, 404), (url, query, response.content)
    refused = client.get(url, [*query, ("undocumented", "1")])
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["undocumented"]


def test_locales_validate_with_the_parameters_they_declare(client, monkeypatch):
    class WithExtra(LocaleParamsNoLocale):
        extra = serializers.CharField(required=False)

    assert client.get("/api/v1/locales/?extra=1").status_code == 400
    monkeypatch.setattr(LocaleListView, "list_params", WithExtra)
    assert client.get("/api/v1/locales/?extra=2").status_code == 200


# --- the docs page -------------------------------------------------------------------------


class AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.assets.append(value)


def test_docs_load_only_our_own_static_files_and_schema(client):
    response = client.get(DOCS)

    assert response.status_code == 200
    html = response.content.decode()
    outside = [
        url
        for url in re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", html)
        if not re.match(r"(https?:)?//(localhost|testserver|127\.0\.0\.1)([:/]|$)", url)
    ]
    assert outside == []
    collector = AssetCollector()
    collector.feed(html)
    assert collector.assets, "the page names no assets"
    for asset in collector.assets:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), f"{asset} is not served"
    assert any(a.endswith("swagger-ui-bundle.js") for a in collector.assets)
    assert f'url: "{SCHEMA}"' in html
    assert '"validatorUrl": null' in html  # no online validator badge either
