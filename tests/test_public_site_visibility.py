"""The public HTML site hides what the API hides (core.visibility).

A crawl of the site (from ``/``, following every same-origin ``href``, plus the URL of every
page) after hiding content in each of eight ways: no hidden page is served, no ``href`` points
at hidden content and no hidden title appears on any page served.
"""

import datetime
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from contacts.models import Contact, MemberOrganisation
from core.factories import LigaDocumentFactory
from home.factories import TopicPageFactory
from home.models import TopicPage
from positions.factories import PositionIndexPageFactory, PositionPageFactory
from positions.models import PositionTopic
from tests.builders import (
    as_if_saved,
    body,
    expire,
    move,
    never_published,
    private_collection,
    restricted,
    scheduled,
    unpublish,
)

pytestmark = pytest.mark.django_db

PAGE_WAYS = {
    "draft": never_published,
    "unpublished": unpublish,
    "password": restricted(PageViewRestriction.PASSWORD),
    "login": restricted(PageViewRestriction.LOGIN),
    "group": restricted(PageViewRestriction.GROUPS),
    "expired": expire,
    "scheduled": scheduled,
}
WAYS = [*PAGE_WAYS, "private-document"]


class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]


def hrefs(html: str) -> list[str]:
    parser = Hrefs()
    parser.feed(html)
    return parser.hrefs


def crawl(client) -> dict[str, tuple[int, str, list[str]]]:
    """``{path: (status, body, same-origin hrefs)}`` of every page reached from ``/`` and of
    every page's URL. Downloads and the admin are linked, not fetched."""
    pages = [page.url for page in Page.objects.all()]
    queue = deque(["/", *[url for url in pages if url]])
    served = {}
    while queue:
        path = queue.popleft()
        if path in served:
            continue
        response = client.get(path)
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        links = []
        for href in hrefs(html):
            if href.startswith("#"):  # the skip link, to the page itself
                continue
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.scheme in ("http", "https") and parts.netloc == "testserver":
                links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        served[path] = (response.status_code, html, links)
        queue.extend(
            link for link in links if not link.startswith(("/documents/", "/admin/", "/static/"))
        )
    return served


@pytest.fixture
def secrets(hub, site_tree):
    """A position, a topic, a section of the main menu and a PDF, each named “Geheimsache …”,
    listed, linked and attached on visible pages."""
    position = PositionPageFactory(
        parent=site_tree.positions,
        title="Geheimsache Wohnungslosigkeit",
        slug="verborgene-position",
        topics=[hub.migration],
    )
    topic = TopicPageFactory(
        parent=site_tree.topics, title="Geheimsache Pflege", slug="verborgenes-thema"
    )
    PositionTopic.objects.create(position=hub.rueckkehr, topic=topic, sort_order=9)
    section = PositionIndexPageFactory(
        parent=site_tree.home, title="Geheimsache Archiv", slug="archiv"
    )
    document = LigaDocumentFactory(title="Geheimsache Protokoll")
    links = " ".join(
        f'<a linktype="page" id="{page.pk}">mehr dazu</a>' for page in (position, topic, section)
    )
    PositionPageFactory(
        parent=site_tree.positions,
        title="Linksammlung",
        slug="linksammlung",
        topics=[hub.armut],
        document=document,
        body=body(
            ("paragraph", f'<p>{links} <a linktype="document" id="{document.pk}">PDF</a></p>'),
            ("document", {"document": document.pk, "title": ""}),
        ),
    )
    return {"pages": [position, topic, section], "document": document}


def hide(way, secrets) -> tuple[list[str], list[str]]:
    """Hide the secrets of ``way``; return their names and URLs."""
    if way == "private-document":
        document = secrets["document"]
        move(document, private_collection())
        return [document.title], [document.url]
    pages = secrets["pages"]
    urls = [page.url for page in pages]
    for page in pages:
        PAGE_WAYS[way](page)
    return [page.title for page in pages], urls


def leaks(served, names, urls) -> set[tuple[str, str]]:
    """``(page served, name or URL of a secret it shows)``."""
    found = set()
    for path, (_status, html, links) in served.items():
        found |= {(path, name) for name in names if name in html}
        found |= {(path, link) for link in links if link in urls}
    return found


@pytest.mark.parametrize("way", WAYS)
def test_crawl_of_the_public_site_finds_nothing_hidden(client, secrets, way):
    before = crawl(client)

    names, urls = hide(way, secrets)

    # While public, every secret was named and linked on pages the crawl reached.
    assert {secret for _path, secret in leaks(before, names, urls)} == {*names, *urls}
    served = crawl(client)
    assert leaks(served, names, urls) == set()
    assert all(served[url][0] != 200 for url in urls if way not in ("password", "private-document"))


@pytest.mark.parametrize(
    "state",
    [{"live": False}, {"expire_at": timezone.now() - datetime.timedelta(minutes=1)}],
    ids=["draft", "expired"],
)
def test_hidden_contact_and_organisation_are_not_shown(client, hub, state):
    pages = [hub.migration.url, hub.rueckkehr.url]
    shown = "".join(client.get(url).content.decode() for url in pages)
    assert "Lehmann" in shown and "Der Paritätische Sachsen" in shown

    Contact.objects.filter(pk=hub.lehmann.pk).update(**state)
    MemberOrganisation.objects.filter(pk=hub.paritaet.pk).update(**state)

    for url in pages:
        html = client.get(url).content.decode()
        assert "Lehmann" not in html and "Der Paritätische Sachsen" not in html


UNSAFE = (
    '<p>Hallo <script>alert(1)</script><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)" onclick="alert(4)">klick</a>'
    '<iframe src="https://evil.example/"></iframe><span style="color: red">rot</span></p>'
)


def test_unsafe_html_stored_another_way_is_cleaned_on_the_public_page_and_in_the_api(client, hub):
    """Rich text is sanitised on input; HTML written to the database another way (a shell,
    a migration) is cut down to the same rules when it is served."""
    TopicPage.objects.filter(pk=hub.armut.pk).update(
        intro=UNSAFE, body=body(("paragraph", UNSAFE), ("quote", {"text": UNSAFE}))
    )
    as_if_saved(hub.armut)

    page = client.get(hub.armut.url)
    api = client.get("/api/v1/topics/armut/")

    for response in (page, api):
        assert response.status_code == 200
        served = response.content.decode()
        assert served.count("Hallo") >= 3 and "klick" in served and "rot" in served
        for unsafe in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "evil"):
            assert unsafe not in served, (response.request["PATH_INFO"], unsafe)
    assert 'style="color' not in page.content.decode()
