"""The schema of StreamField bodies: one component per block type, discriminated by ``type``,
and every block the API renders fits it."""

import json
import uuid

import pytest

from core.factories import LigaDocumentFactory, LigaImageFactory
from frontend_api.serializers import streamfield
from home.blocks import BodyBlock
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.schema_helpers import assert_fits, fetch_schema, resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return fetch_schema(client)


DETAILS = {"topics": "TopicDetail", "positions": "PositionDetail"}
BODY_BLOCK = {"$ref": "#/components/schemas/BodyBlock"}


def body_block_components(schema) -> dict:
    """``{type: component}`` of the body blocks, checking that ``type`` discriminates them."""
    union = resolve(schema, BODY_BLOCK)
    mapping = union["discriminator"]["mapping"]
    assert union["discriminator"]["propertyName"] == "type"
    assert list(mapping.values()) == [ref["$ref"] for ref in union["oneOf"]]
    components = {name: resolve(schema, {"$ref": ref}) for name, ref in mapping.items()}
    for name, component in components.items():
        assert {"type", "id", "value"} <= set(component["required"]), name
        assert component["properties"]["type"]["const"] == name
        id_ = component["properties"]["id"]
        assert (id_["type"], id_["format"]) == ("string", "uuid"), name
    return components


def test_body_blocks_are_typed_by_type_discriminator(schema):
    for detail in DETAILS.values():
        assert schema["components"]["schemas"][detail]["properties"]["body"]["items"] == BODY_BLOCK
    value = {
        name: resolve(schema, component["properties"]["value"])
        for name, component in body_block_components(schema).items()
    }

    assert value["paragraph"]["type"] == "string"
    assert resolve(schema, value["heading"]["properties"]["level"])["enum"] == ["h2", "h3", "h4"]
    assert set(value["quote"]["required"]) == {"text", "attribution"}
    assert value["image"]["properties"]["image"] == {"$ref": "#/components/schemas/Image"}
    assert value["document"]["properties"]["document"] == {"$ref": "#/components/schemas/Document"}
    ok = schema["paths"]["/api/v1/topics/{slug}/"]["get"]["responses"]["200"]["content"]
    example = next(iter(ok["application/json"]["examples"].values()))["value"]
    assert [block["type"] for block in example["body"]] == list(value)  # one of each type


@pytest.mark.parametrize("endpoint", list(DETAILS))
def test_every_rendered_block_type_is_in_the_schema(
    client, schema, site_tree, django_capture_on_commit_callbacks, endpoint
):
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made on commit
        image = LigaImageFactory(title="Beratung")
    document = LigaDocumentFactory(title="Positionspapier")
    values = {
        "paragraph": f'<p>Siehe <a linktype="document" id="{document.pk}">Papier</a>.</p>',
        "heading": {"text": "Was wir fordern", "level": "h3"},
        "quote": {"text": "<p>Beratung ist ein Menschenrecht.</p>", "attribution": ""},
        "image": {"image": image.pk, "alt": "Beratung", "caption": "Foto: LIGA"},
        "document": {"document": document.pk, "title": ""},
    }
    body = json.dumps([{"type": k, "id": str(uuid.uuid4()), "value": v} for k, v in values.items()])
    factory, parent = {
        "topics": (TopicPageFactory, site_tree.topics),
        "positions": (PositionPageFactory, site_tree.positions),
    }[endpoint]
    factory(parent=parent, slug="mit-allem", body=body)

    response = client.get(f"/api/v1/{endpoint}/mit-allem/")
    assert response.status_code == 200, response.content
    components = body_block_components(schema)
    mapping = resolve(schema, BODY_BLOCK)["discriminator"]["mapping"]
    assert [block["type"] for block in response.json()["body"]] == list(values)
    assert set(BodyBlock().child_blocks) == set(values) == set(components)  # none forgotten
    for block in response.json()["body"]:
        assert_fits(schema, BODY_BLOCK, block)
        assert_fits(schema, {"$ref": mapping[block["type"]]}, block)
    assert_fits(schema, {"$ref": f"#/components/schemas/{DETAILS[endpoint]}"}, response.json())


def test_a_block_type_the_schema_does_not_know_is_a_schema_warning(monkeypatch):
    warnings = []
    monkeypatch.setattr(streamfield, "warn", warnings.append)
    monkeypatch.setattr(BodyBlock, "base_blocks", {**BodyBlock.base_blocks, "video": None})

    documented = streamfield.block_serializers()

    assert "video" not in documented and len(documented) == len(BodyBlock.base_blocks) - 1
    assert len(warnings) == 1 and "`video` is not documented" in warnings[0]
