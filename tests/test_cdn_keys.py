"""Every API, embed and feed response names what it shows in ``Surrogate-Key`` and
``Cache-Tag`` (``frontend_api.surrogate``): pinned here as exact sets for the API tests' hub.

The hub (``tests.builders.build_hub``): Rückkehrberatung is listed under both topics, shows the
lead image and the PDF, is signed by Parität and Diakonie and names Dr. Lehmann (Parität, with
a portrait) and Özdemir (Diakonie); its body links the topic Flucht und Migration, the PDF and
the lead image. Flucht und Migration (lead image, both people) links Rückkehrberatung in its
intro and Armut in its body; Armut names Özdemir.
"""

import pytest
from wagtail.models import Page

from frontend_api import surrogate
from frontend_api.cache import retire_all
from tests.builders import move, private_collection

pytestmark = pytest.mark.django_db


def keys_of(response) -> set[str]:
    """The keys of ``response``; Cache-Tag names the same ones, separated by commas."""
    assert response.status_code == 200, response.content
    keys = response["Surrogate-Key"].split(" ")
    assert response["Cache-Tag"] == ",".join(keys)
    return set(keys)


def k(kind: str, *items) -> set[str]:
    """Item keys: by translation key, images and documents by id."""
    return {
        f"{kind}:{item.pk if kind in ('image', 'document') else item.translation_key}"
        for item in items
    }


def people(hub) -> set[str]:
    """Dr. Lehmann and Özdemir as a response shows them: with organisation, portrait, topics."""
    return (
        k("contact", hub.lehmann, hub.oezdemir)
        | k("organisation", hub.paritaet, hub.diakonie)
        | k("image", hub.portrait)
        | k("topic", hub.migration, hub.armut)
    )


def rueckkehr(hub) -> set[str]:
    """Rückkehrberatung as listed: topics, co-signers, people, image, PDF."""
    return (
        k("position", hub.rueckkehr) | people(hub) | k("image", hub.lead) | k("document", hub.pdf)
    )


def all_positions(hub) -> set[str]:
    return rueckkehr(hub) | k("position", hub.kita, hub.ticket, hub.brief)


def expected(hub) -> dict[str, set[str]]:
    de = {"locale:de"}
    return {
        "/api/v1/positions/?limit=5&ordering=title": {"positions"} | all_positions(hub) | de,
        "/api/v1/positions/?topic=armut": {"positions", "topics"}
        | rueckkehr(hub)
        | k("position", hub.kita, hub.ticket)
        | de,
        "/api/v1/positions/?locale=en&fallback=true": {"positions", "locale:en"}
        | all_positions(hub)
        | de,
        # The detail's body links the topic, the PDF and the image it shows anyway.
        "/api/v1/positions/rueckkehrberatung/": rueckkehr(hub) | de,
        # The intro links Rückkehrberatung.
        "/api/v1/topics/": {"topics"}
        | people(hub)
        | k("image", hub.lead)
        | k("position", hub.rueckkehr)
        | de,
        # Its newest positions with their PDFs; its body links Armut and the PDF.
        "/api/v1/topics/flucht-und-migration/": {"positions"}
        | people(hub)
        | k("image", hub.lead)
        | k("position", hub.rueckkehr, hub.brief)
        | k("document", hub.pdf)
        | de,
        "/api/v1/contacts/": {"contacts"} | people(hub) | de,
        "/api/v1/contacts/?topic=armut": {"contacts", "topics"}
        | k("contact", hub.oezdemir)
        | k("organisation", hub.diakonie)
        | k("topic", hub.migration, hub.armut)
        | de,
        f"/api/v1/contacts/{hub.oezdemir.pk}/": k("contact", hub.oezdemir)
        | k("organisation", hub.diakonie)
        | k("topic", hub.migration, hub.armut)
        | de,
        "/api/v1/organisations/": {"organisations"}
        | k("organisation", hub.paritaet, hub.diakonie)
        | de,
        "/api/v1/organisations/diakonie/": k("organisation", hub.diakonie) | de,
        # Any topic, position or contact may become a result; a position also by its PDF.
        "/api/v1/search/?q=Rückkehrberatung": {"topics", "positions", "contacts", "documents"}
        | rueckkehr(hub)
        | de,
        "/api/v1/search/?q=Rückkehrberatung&type=position": {"positions", "documents"}
        | rueckkehr(hub)
        | de,
        "/api/v1/positions/?q=Vertrauensverhältnis": {"positions", "documents"}
        | rueckkehr(hub)
        | de,
        "/api/v1/locales/": {"locales"},
        # Armut's newest two: Sozialticket (Parität) and Kita-Gebühren (Diakonie).
        "/embed/v1/positions/?topic=armut&limit=2": {"positions", "topics"}
        | k("position", hub.ticket, hub.kita)
        | k("topic", hub.armut)
        | k("organisation", hub.paritaet, hub.diakonie)
        | de,
        "/embed/v1/positions/?slug=kita-gebuehren": k("position", hub.kita)
        | k("topic", hub.armut)
        | k("organisation", hub.diakonie)
        | de,
        "/embed/v1/topics/armut/": {"positions"}
        | k("topic", hub.armut, hub.migration)
        | k("contact", hub.oezdemir)
        | k("organisation", hub.diakonie)
        | k("position", hub.rueckkehr, hub.kita, hub.ticket)
        | k("document", hub.pdf)
        | de,
        "/embed/v1/contacts/?organisation=diakonie": {"contacts", "organisations"}
        | k("contact", hub.oezdemir)
        | k("organisation", hub.diakonie)
        | k("topic", hub.migration, hub.armut)
        | de,
        "/feeds/positions/": {"positions"} | all_positions(hub) | de,
        "/feeds/positions/?topic=flucht-und-migration&locale=de": {"positions", "topics"}
        | rueckkehr(hub)
        | k("position", hub.brief)
        | de,
    }


def test_every_endpoint_names_what_it_shows(client, hub):
    for url, keys in expected(hub).items():
        assert keys_of(client.get(url)) == keys, url


def test_keys_are_ordered_collections_items_locales(client, hub):
    keys = client.get("/api/v1/contacts/?topic=armut")["Surrogate-Key"].split(" ")

    assert keys[:2] == ["contacts", "topics"]
    assert keys[-1] == "locale:de"
    assert keys[2:-1] == sorted(keys[2:-1])


def test_keys_are_kept_on_cache_hits_and_304s(client, hub):
    url = "/api/v1/positions/rueckkehrberatung/"
    built = client.get(url)
    from_cache = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=built["ETag"])
    embed = client.get("/embed/v1/topics/armut/")
    embed_304 = client.get("/embed/v1/topics/armut/", HTTP_IF_NONE_MATCH=embed["ETag"])

    assert keys_of(from_cache) == keys_of(built) == rueckkehr(hub) | {"locale:de"}
    assert not_modified.status_code == embed_304.status_code == 304
    for response, original in ((not_modified, built), (embed_304, embed)):
        assert response["Surrogate-Key"] == original["Surrogate-Key"]
        assert response["Cache-Tag"] == original["Cache-Tag"]


def test_errors_name_nothing(client, hub):
    for url in (
        "/api/v1/positions/?limit=1000",
        "/api/v1/positions/gibt-es-nicht/",
        "/embed/v1/topics/gibt-es-nicht/",
        "/feeds/positions/?kind=roman",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "Surrogate-Key" not in response and "Cache-Tag" not in response


def test_a_hidden_topic_or_image_is_named_by_what_links_it(client, hub):
    # Published again, the topic shows in the position's topics; back in a public collection,
    # the image shows: both change the position's responses, so they name them already.
    Page.objects.get(pk=hub.armut.pk).specific.unpublish()
    move(hub.lead, private_collection())

    response = client.get("/api/v1/positions/rueckkehrberatung/")

    assert [topic["slug"] for topic in response.json()["topics"]] == ["flucht-und-migration"]
    assert response.json()["image"] is None
    assert k("topic", hub.armut) | k("image", hub.lead) <= keys_of(response)


def test_a_long_list_of_keys_gives_way_to_collection_keys(client, hub, monkeypatch):
    full = keys_of(client.get("/api/v1/positions/"))
    monkeypatch.setattr(surrogate, "MAX_HEADER_LENGTH", 200)
    retire_all()

    keys = keys_of(client.get("/api/v1/positions/"))

    assert len(" ".join(keys)) <= 200 < len(" ".join(full))
    # Each item key left out is replaced by its collection key, which any change of the item
    # purges too; the widest kinds went first.
    for key in full - keys:
        assert surrogate.COLLECTIONS[key.split(":")[0]] in keys, key
    assert "contacts" in keys and not any(key.startswith("contact:") for key in keys)
    assert "locale:de" in keys


def test_fitted_replaces_the_widest_kind_first():
    positions = [f"position:{n:036d}" for n in range(3)]
    images = [f"image:{n}" for n in range(5)]
    keys = ["positions", *positions, *images, "locale:de"]

    assert surrogate.fitted(keys, limit=1000) == surrogate.ordered(keys)
    assert surrogate.fitted(keys, limit=100) == ["positions", *images, "locale:de"]
    assert surrogate.fitted(keys, limit=30) == ["images", "positions", "locale:de"]
    assert surrogate.fitted(["locale:de", "locale:en"], limit=5) == ["locale:de", "locale:en"]
