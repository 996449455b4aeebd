"""``search/?q=``: the content the search tests read (``build_hub``) and their helpers."""

import datetime
import json
from types import SimpleNamespace

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaDocumentFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory

SEARCH = "/api/v1/search/"
PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
FUTURE = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
# What ``q=Migration`` finds in ``build_hub``, in order.
MIGRATION = ("topic", "flucht-und-migration")
RUECKKEHR = ("position", "rueckkehrberatung")
LEHMANN = ("contact", "Dr. Maria Lehmann")
ARMUT_INTRO = "<p>Armut ist in Sachsen ungleich verteilt.</p>"


def paragraphs(*texts) -> str:
    """A StreamField body of paragraphs, with stable block ids."""
    return json.dumps(
        [{"type": "paragraph", "id": f"p-{i}", "value": t} for i, t in enumerate(texts)]
    )


def build_hub(site_tree) -> SimpleNamespace:
    """Two topics, three positions (one with a PDF), two contact people."""
    topics, positions = site_tree.topics, site_tree.positions
    lehmann = ContactFactory(
        honorific="Dr.", given_name="Maria", role="Referentin Flucht und Migration"
    )
    ContactFactory(
        given_name="Jürgen", family_name="Özdemir", role="Referent Armut und Grundsicherung"
    )
    migration = TopicPageFactory(
        parent=topics,
        title="Flucht und Migration",
        slug="flucht-und-migration",
        intro="<p>Menschen, die nach Sachsen flüchten, brauchen Schutz.</p>",
        body=paragraphs("<p>Beratung ist ein Menschenrecht.</p>"),
        contacts=[lehmann],
    )
    armut = TopicPageFactory(
        parent=topics, title="Armut und Grundsicherung", slug="armut", intro=ARMUT_INTRO
    )
    pdf = LigaDocumentFactory(title="Positionspapier", pages=["Ein Vertrauensverhältnis entsteht."])
    PositionPageFactory(
        parent=positions,
        title="Rückkehrberatung braucht Zeit",
        slug="rueckkehrberatung",
        teaser="Die LIGA fordert eine unabhängige Beratung zur Migration.",
        document=pdf,
        topics=[migration],
        contacts=[lehmann],
        organisations=[MemberOrganisationFactory(name="Der Paritätische Sachsen")],
    )
    letter = paragraphs("<p>Wir fordern Dolmetscher in jeder Unterkunft.</p>")
    PositionPageFactory(parent=positions, title="Offener Brief", slug="offener-brief", body=letter)
    PositionPageFactory(
        parent=positions, title="Sozialticket", slug="sozialticket", teaser="Mobilität für alle."
    )
    return SimpleNamespace(site_tree=site_tree, armut=armut, pdf=pdf)


def names(results: list[dict]) -> list[tuple[str, str]]:
    """``(type, slug or name)`` of each result, in order."""
    return [(item["type"], item.get("slug") or item["name"]) for item in results]


def search(client, q, **params) -> list[tuple[str, str]]:
    response = client.get(SEARCH, {"q": q, "limit": 100, **params})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == len(data["results"])  # all on one page: hidden items not counted
    return names(data["results"])


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()
