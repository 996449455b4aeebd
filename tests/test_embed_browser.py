"""The embeds in a real browser: a member organisation's page on another origin embeds the
three elements (and the iframe pages) from the hub, and the test checks what a visitor sees.

Headless Chromium from Debian (``/usr/bin/chromium``) is driven by Playwright; one browser
serves the whole module (fixtures in ``conftest.py``, helpers in ``browser_helpers.py``). The
hub is pytest-django's ``live_server``; the member page comes from a small ``http.server`` on
another port, i.e. another origin. axe-core (``node_modules``, installed by ``make test``)
checks the rendered widgets and the iframe pages.
"""

import socket
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from wagtail.models import Locale

from embeds.assets import script
from tests.browser_helpers import (
    ARABIC_TITLE,
    ARTIFACTS,
    DEEP_FOCUS,
    LINKS_IN_READING_ORDER,
    LOADED,
    RESERVED_HEIGHT,
    WIDGETS,
    member_page,
    origin,
    serious_violations,
    statuses,
)

# live_server serves from another thread, so the data must be committed: transactional tests,
# with Wagtail's initial rows (root page, default locale and site) restored after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def online_hub(live_server, settings, hub):
    """The API tests' hub behind ``live_server``, with an Arabic translation of the seed
    paper; its public URLs point at the live server."""
    settings.PUBLIC_BASE_URL = live_server.url
    arabic = hub.rueckkehr.copy_for_translation(
        Locale.objects.get(language_code="ar"), copy_parents=True
    )
    arabic.title = ARABIC_TITLE
    arabic.save_revision().publish()
    return SimpleNamespace(**vars(hub), origin=live_server.url)


def test_member_page_shows_the_hubs_positions_topic_and_contacts(visit, online_hub, member_site):
    visit_ = visit(member_page(online_hub.origin), hub_origin=online_hub.origin)
    page = visit_.page

    papers = page.locator("#papers")
    assert papers.locator("h3.title").all_text_contents() == ["Rückkehrberatung braucht Zeit"]
    assert papers.locator("time").text_content() == "21. Juli 2020"
    assert papers.locator("time").get_attribute("datetime") == "2020-07-21"
    with translation.override("de"):
        size = filesizeformat(online_hub.pdf.file_size)
    assert papers.locator(".document").text_content() == (
        f"PDF herunterladen: Rückkehrberatung braucht Zeit (PDF, {size})"
    )
    pdf = papers.locator("a[part=document]")
    assert pdf.get_attribute("href") == online_hub.origin + online_hub.pdf.url
    assert pdf.get_attribute("type") == "application/pdf"
    assert papers.locator(".meta span").text_content() == "Positionspapier"

    topic = page.locator("#topic")
    assert topic.locator("h3.title").text_content() == "Flucht und Migration"
    assert "brauchen Schutz und Beratung." in topic.locator("[part=intro]").text_content()
    assert topic.locator("h4.heading").all_text_contents() == ["Positionen", "Ansprechpersonen"]
    assert topic.locator("h5.title").all_text_contents() == [
        "Offener Brief zur Unterbringung",
        "Rückkehrberatung braucht Zeit",
        "Dr. Maria Lehmann",
        "Jürgen Özdemir",
    ]

    people = page.locator("#people")
    assert people.locator("h3.title").all_text_contents() == ["Dr. Maria Lehmann"]
    assert people.locator("[part=role]").text_content() == "Referentin Flucht und Migration"
    assert people.locator("a[part=email]").get_attribute("href") == "mailto:m.lehmann@example.org"
    assert people.locator("a[part=phone]").get_attribute("href") == "tel:+4935182871152"
    assert people.locator("a[part=phone]").text_content() == "0351 82871-152"

    arabic = page.locator("#arabic li.item")
    assert arabic.locator(".title").all_text_contents() == [ARABIC_TITLE]
    assert (arabic.get_attribute("lang"), arabic.get_attribute("dir")) == ("ar", "rtl")
    assert arabic.evaluate("li => getComputedStyle(li).direction") == "rtl"
    assert "يوليو" in arabic.locator("time").text_content()  # July, as Arabic writes it
    assert page.locator("#arabic .document").text_content().startswith("Download PDF")
    assert papers.locator("li.item").get_attribute("dir") == "ltr"

    # The host page's loud CSS stays out; its custom property themes the links.
    title_link = papers.locator(".title a")
    assert title_link.evaluate("a => getComputedStyle(a).color") == "rgb(10, 74, 122)"
    assert papers.locator("h3.title").evaluate("h => getComputedStyle(h).fontSize") != "48px"
    assert papers.locator("li.item").evaluate("li => getComputedStyle(li).listStyleType") == "none"

    # Only the hub's script and API, no cookies, no referrer, each API URL once.
    assert {origin(r.url) for r in visit_.requests} == {member_site.origin, online_hub.origin}
    hub_requests = [r for r in visit_.requests if origin(r.url) == online_hub.origin]
    paths = [urlsplit(r.url).path for r in hub_requests]
    assert paths[0] == "/embed/v1/liga-embed.js"
    assert all(path.startswith("/api/v1/") for path in paths[1:]) and len(paths) == 5
    api = hub_requests[1:]
    assert len({r.url for r in api}) == len(api)
    for request in api:
        headers = request.all_headers()
        assert "cookie" not in headers and "referer" not in headers, headers
        assert request.method == "GET"
    assert visit_.console_errors == [] and visit_.page_errors == []

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embeds-member-page.png"), full_page=True)


def test_keyboard_reaches_every_link_in_reading_order_with_a_visible_focus(visit, online_hub):
    page = visit(member_page(online_hub.origin)).page
    expected = page.evaluate(LINKS_IN_READING_ORDER)

    focused = []
    for _ in expected:
        page.keyboard.press("Tab")
        focused.append(page.evaluate(DEEP_FOCUS))

    assert [(f["href"], f["widget"]) for f in focused] == [
        (link["href"], link["widget"]) for link in expected
    ]
    assert [f["widget"] for f in focused[:3]] == [None, "papers", "papers"]
    assert focused[1]["href"] == f"{online_hub.origin}/positionen/rueckkehrberatung/"
    assert focused[-1]["href"] == "#impressum"
    in_widgets = [f for f in focused if f["widget"]]
    assert len(in_widgets) == len(expected) - 2
    assert all(f["outline"] == "solid 3px" for f in in_widgets), in_widgets


def test_widgets_reserve_their_space_and_say_they_are_loading(visit, online_hub):
    held = []

    def hold_api(context):
        context.route(f"{online_hub.origin}/api/v1/**", lambda route: held.append(route))

    visit_ = visit(member_page(online_hub.origin), wait=False, prepare=hold_api)
    page = visit_.page
    for _ in range(100):  # at most 5 s for the four requests to arrive
        if len(held) == 4:
            break
        page.wait_for_timeout(50)
    assert len(held) == 4

    for host in page.locator(WIDGETS).all():
        assert host.locator(".liga").get_attribute("aria-busy") == "true"
        assert host.locator("[role=status]").count() == 1
        assert host.bounding_box()["height"] >= RESERVED_HEIGHT
    loading = {"papers": "Wird geladen …", "topic": "Wird geladen …", "people": "Wird geladen …"}
    assert statuses(page) == {**loading, "arabic": "Loading …"}

    for route in held:
        route.continue_()
    page.wait_for_function(LOADED, timeout=15_000)
    assert set(statuses(page).values()) == {""}
    assert page.locator("#papers .title").all_text_contents() == ["Rückkehrberatung braucht Zeit"]
    assert visit_.page_errors == []


def test_error_state_is_readable_when_the_api_cannot_be_reached(visit, member_site):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"

    def serve_script_from_dead_origin(context):
        # Only the script comes from there (as if cached); its API requests really fail.
        context.route(
            f"{dead}/embed/v1/liga-embed.js",
            lambda route: route.fulfill(body=script().content, content_type="text/javascript"),
        )

    visit_ = visit(member_page(dead), prepare=serve_script_from_dead_origin)
    page = visit_.page

    german = "Die Inhalte konnten gerade nicht geladen werden. Zur Website der LIGA"
    assert statuses(page) == {
        "papers": german,
        "topic": german,
        "people": german,
        "arabic": "The content could not be loaded just now. Go to the LIGA website",
    }
    for host in page.locator(WIDGETS).all():
        assert host.locator("[role=status] a").get_attribute("href") == f"{dead}/"
        assert host.bounding_box()["height"] >= RESERVED_HEIGHT
    assert visit_.page_errors == []
    assert {origin(r.url) for r in visit_.requests} == {member_site.origin, dead}
    violations, _ = serious_violations(page)
    assert violations == []


def test_widgets_name_a_bad_setting_and_follow_changed_attributes(visit, online_hub):
    html = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Fehler</title>
        <script src="{online_hub.origin}/embed/v1/liga-embed.js"></script></head><body><main>
        <liga-positions id="limit" limit="0"></liga-positions>
        <liga-topic id="unknown" slug="gibt-es-nicht"></liga-topic>
        <liga-contacts id="level" heading-level="9"></liga-contacts>
        <liga-positions id="changing" kind="statement"></liga-positions>
        </main></body></html>"""
    page = visit(html).page

    assert statuses(page) == {
        "limit": "Ungültige Einstellung: limit",
        "unknown": "Diese Inhalte gibt es nicht (mehr).",
        "level": "Ungültige Einstellung: heading-level",
        "changing": "",
    }
    changing = page.locator("#changing")
    assert changing.locator(".title").all_text_contents() == ["Kita-Gebühren senken"]

    changing.evaluate("element => element.setAttribute('kind', 'press_release')")
    page.wait_for_function(LOADED, timeout=15_000)
    page.wait_for_function(
        "() => document.querySelector('#changing').shadowRoot.querySelector('.title')"
        ".textContent === 'Sozialticket jetzt'",
        timeout=15_000,
    )


def test_axe_finds_no_serious_violations_in_the_widgets_inside_their_shadow_roots(
    visit, online_hub
):
    page = visit(member_page(online_hub.origin)).page

    violations, result = serious_violations(page)

    assert violations == []
    # axe looked inside the shadow roots: some checked nodes are addressed through a host.
    shadow_targets = [
        target
        for rule in result["passes"]
        for target in rule["targets"]
        if isinstance(target[0], list)
    ]
    assert shadow_targets


def test_iframe_pages_load_on_a_member_page_and_pass_axe(visit, online_hub, settings):
    hub = online_hub.origin
    frames = {
        "positions": "/embed/v1/positions/?topic=flucht-und-migration&heading-level=3",
        "topic": "/embed/v1/topics/flucht-und-migration/?heading-level=3",
        "contacts": "/embed/v1/contacts/?topic=flucht-und-migration&heading-level=3",
        "arabic": "/embed/v1/positions/?locale=ar",
    }
    html = '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Ohne Skript</title>'
    html += "</head><body><main>" + "".join(
        f'<iframe id="{name}" src="{hub}{url}" title="LIGA {name}" width="600" height="400">'
        "</iframe>"
        for name, url in frames.items()
    )
    visit_ = visit(html + "</main></body></html>", wait=False)
    page = visit_.page

    positions = page.frame_locator("#positions")
    assert positions.locator("h3.title").all_text_contents() == [
        "Offener Brief zur Unterbringung",
        "Rückkehrberatung braucht Zeit",
    ]
    assert positions.locator("time").last.text_content() == "21. Juli 2020"
    assert page.frame_locator("#contacts").locator("a[href^=mailto]").count() == 2
    arabic = page.frame_locator("#arabic").locator("li.item")
    assert arabic.evaluate("li => getComputedStyle(li).direction") == "rtl"
    assert visit_.console_errors == [] and visit_.page_errors == []

    # Each page on its own, with axe (the test's script passes the pages' strict CSP).
    checked = visit("<!DOCTYPE html><title>axe</title>", wait=False, bypass_csp=True).page
    for url in [*frames.values(), "/embed/v1/positions/?limit=0", "/embed/v1/topics/nix/"]:
        checked.goto(hub + url)
        violations, _ = serious_violations(checked)
        assert violations == [], url

    # A site not named in EMBED_FRAME_ANCESTORS gets no frame.
    settings.EMBED_FRAME_ANCESTORS = "https://www.awo-sachsen.de"
    refused = visit(html + "</main></body></html>", wait=False)
    refused.page.wait_for_timeout(500)
    assert refused.page.frame_locator("#positions").locator("h3.title").count() == 0
    assert any("frame-ancestors" in message for message in refused.console_errors)
