"""``/feeds/positions/``: valid Atom (RFC 4287) with absolute links from ``PUBLIC_BASE_URL``."""

import datetime

import pytest
from defusedxml import ElementTree
from wagtail.models import Locale

from tests.api_helpers import count_queries
from tests.builders import never_published
from tests.test_embed_pages import grow

pytestmark = pytest.mark.django_db

FEED = "/feeds/positions/"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{ATOM}}}feed"
    return root


def text(element, path) -> str:
    found = element.find(path, NS)
    assert found is not None, f"{path} missing"
    return found.text or ""


def rfc3339(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


def links(element, rel) -> list[dict]:
    return [link.attrib for link in element.findall("atom:link", NS) if link.get("rel") == rel]


def entry_titles(root) -> list[str]:
    return [text(entry, "atom:title") for entry in root.findall("atom:entry", NS)]


def test_feed_is_valid_atom_with_every_required_element(client, hub):
    root = parse(client.get(FEED))

    assert text(root, "atom:id") == "http://testserver/feeds/positions/"
    assert text(root, "atom:title") == "Positionen der LIGA Sachsen"
    assert text(root, "atom:author/atom:name") == "LIGA der Freien Wohlfahrtspflege in Sachsen"
    assert links(root, "self") == [{"href": "http://testserver/feeds/positions/", "rel": "self"}]
    assert root.get(XML_LANG) == "de"
    entries = root.findall("atom:entry", NS)
    assert entry_titles(root) == [
        "Sozialticket jetzt",
        "Kita-Gebühren senken",
        "Offener Brief zur Unterbringung",
        "Rückkehrberatung braucht Zeit",
    ]
    updated = []
    for entry in entries:
        assert text(entry, "atom:id").startswith("urn:uuid:")
        assert text(entry, "atom:author/atom:name")
        assert text(entry, "atom:summary")
        assert entry.find("atom:summary", NS).get("type") == "html"
        [alternate] = links(entry, "alternate")
        assert alternate["href"].startswith("http://testserver/positionen/")
        updated.append(rfc3339(text(entry, "atom:updated")))
        rfc3339(text(entry, "atom:published"))
    assert rfc3339(text(root, "atom:updated")) == max(updated)
    assert len({text(entry, "atom:id") for entry in entries}) == 4


def test_the_pdf_is_an_enclosure_with_its_length(client, hub):
    root = parse(client.get(FEED, {"topic": "flucht-und-migration"}))

    paper = root.findall("atom:entry", NS)[1]
    assert text(paper, "atom:title") == "Rückkehrberatung braucht Zeit"
    assert links(paper, "enclosure") == [
        {
            "href": f"http://testserver{hub.pdf.url}",
            "length": str(hub.pdf.file_size),
            "rel": "enclosure",
            "type": "application/pdf",
        }
    ]
    assert text(paper, "atom:published").startswith("2020-07-21T00:00:00")
    categories = [c.get("term") for c in paper.findall("atom:category", NS)]
    assert categories == ["Flucht und Migration", "Armut und Grundsicherung"]


def test_links_come_from_public_base_url_never_from_the_host_header(client, hub, settings):
    settings.PUBLIC_BASE_URL = "https://hub.liga-sachsen.de"

    response = client.get(FEED, {"topic": "armut"}, HTTP_HOST="localhost")

    root = parse(response)
    assert b"localhost" not in response.content and b"testserver" not in response.content
    hrefs = [link.get("href") for link in root.iter(f"{{{ATOM}}}link")]
    assert hrefs and all(href.startswith("https://hub.liga-sachsen.de/") for href in hrefs)
    assert (
        links(root, "self")[0]["href"] == "https://hub.liga-sachsen.de/feeds/positions/?topic=armut"
    )
    assert links(root, "alternate")[0]["href"] == "https://hub.liga-sachsen.de/themen/armut/"


def test_feed_per_topic_and_locale(client, hub):
    arabic = hub.rueckkehr.copy_for_translation(
        Locale.objects.get(language_code="ar"), copy_parents=True
    )
    arabic.title = "الإرشاد للعودة يحتاج إلى وقت"
    arabic.save_revision().publish()

    armut = parse(client.get(FEED, {"topic": "armut", "locale": "de"}))
    in_arabic = parse(client.get(FEED, {"locale": "ar"}))
    mixed = parse(client.get(FEED, {"locale": "ar", "fallback": "true", "kind": "position_paper"}))

    assert entry_titles(armut) == [
        "Sozialticket jetzt",
        "Kita-Gebühren senken",
        "Rückkehrberatung braucht Zeit",
    ]
    assert text(armut, "atom:title") == "Armut und Grundsicherung: Positionen der LIGA Sachsen"
    assert entry_titles(in_arabic) == ["الإرشاد للعودة يحتاج إلى وقت"]
    assert in_arabic.get(XML_LANG) == "ar"
    assert text(in_arabic, "atom:title") == "Positions of the LIGA Sachsen"
    assert [entry.get(XML_LANG) for entry in mixed.findall("atom:entry", NS)] == ["ar"]


def test_feed_id_does_not_depend_on_the_order_of_parameters(client, hub):
    one = parse(client.get(f"{FEED}?topic=armut&locale=de"))
    other = parse(client.get(f"{FEED}?locale=de&topic=armut"))

    assert text(one, "atom:id") == text(other, "atom:id")
    assert text(one, "atom:id") == "http://testserver/feeds/positions/?locale=de&topic=armut"


def test_entry_ids_survive_a_changed_slug_and_title(client, hub):
    before = parse(client.get(FEED, {"kind": "statement"}))
    hub.kita.slug, hub.kita.title = "kita-beitraege", "Kita-Beiträge senken"
    hub.kita.save_revision().publish()

    after = parse(client.get(FEED, {"kind": "statement"}))

    assert entry_titles(after) == ["Kita-Beiträge senken"]
    assert text(after, "atom:entry/atom:id") == text(before, "atom:entry/atom:id")


def test_teaser_is_escaped_for_the_html_summary(client, hub):
    hub.kita.teaser = "Gebühren <b>halbieren</b> & mehr"
    hub.kita.save_revision().publish()

    root = parse(client.get(FEED, {"kind": "statement"}))

    assert (
        text(root, "atom:entry/atom:summary") == "Gebühren &lt;b&gt;halbieren&lt;/b&gt; &amp; mehr"
    )


def test_hidden_positions_are_not_in_the_feed(client, hub):
    never_published(hub.brief)

    assert "Offener Brief zur Unterbringung" not in entry_titles(parse(client.get(FEED)))


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"locale": "xx"}, "locale"),
        ({"format": "rss"}, "format"),
        ({"limit": "0"}, "limit"),
        ({"kind": "pamphlet"}, "kind"),
        ({"heading-level": "2"}, "heading-level"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, hub, query, param):
    response = client.get(FEED, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"\n{param}: " in response.content.decode()


def test_unknown_topic_answers_404(client, hub):
    response = client.get(FEED, {"topic": "gibt-es-nicht"})

    assert response.status_code == 404
    assert response.content.decode() == 'Unknown topic "gibt-es-nicht"\n'


def test_feed_query_count_does_not_grow_with_positions(client, hub):
    urls = [f"{FEED}?limit=100", f"{FEED}?topic=flucht-und-migration&limit=100"]
    grow(hub, 1)
    client.get(FEED)  # warm Wagtail's cached site root paths
    small = [count_queries(client, url)[0] for url in urls]
    grow(hub, 12, offset=1)

    large = [count_queries(client, url) for url in urls]

    assert [len(parse(response).findall("atom:entry", NS)) for _, response in large] == [17, 15]
    assert [count for count, _ in large] == small
