"""Reading the API's OpenAPI schema in tests: fetch it, follow ``$ref``s, and check that an
instance fits a part of it."""

from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_schema_validator import validate as validate_instance

SCHEMA = "/api/v1/schema/"


def fetch_schema(client) -> dict:
    response = client.get(f"{SCHEMA}?format=json")
    assert response.status_code == 200, response.content
    return response.json()


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def assert_fits(schema, node, instance):
    validate_instance(
        instance,
        {"components": schema["components"], **node},
        cls=OAS31Validator,
        format_checker=oas31_format_checker,
    )
