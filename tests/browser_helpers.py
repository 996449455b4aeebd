"""What the browser tests of the embeds share: the member site (a second origin), the
scripts they evaluate in the page, and reading the widgets' states.

The fixtures that use these (``browser``, ``member_site``, ``visit``) are in ``conftest.py``.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings

BASE_DIR = Path(django_settings.BASE_DIR)
MEMBER_PAGE = (Path(__file__).parent / "member_site" / "index.html").read_text(encoding="utf-8")
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARABIC_TITLE = "الإرشاد للعودة يحتاج إلى وقت"
WIDGETS = "liga-positions, liga-topic, liga-contacts"
RESERVED_HEIGHT = 12 * 16  # :host min-height 12rem

LOADED = f"""() => {{
    const hosts = [...document.querySelectorAll("{WIDGETS}")];
    return hosts.length > 0 && hosts.every(
        (host) => host.shadowRoot && !host.shadowRoot.querySelector("[aria-busy]"));
}}"""
DEEP_FOCUS = """() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) {
        element = element.shadowRoot.activeElement;
    }
    const style = getComputedStyle(element);
    const host = element.getRootNode().host;
    return {href: element.getAttribute("href"), widget: host ? host.id : null,
            outline: `${style.outlineStyle} ${style.outlineWidth}`};
}"""
LINKS_IN_READING_ORDER = """() => {
    const links = [];
    const walk = (root, widget) => {
        for (const element of root.querySelectorAll("*")) {
            if (element.matches("a[href]")) {
                links.push({href: element.getAttribute("href"), widget});
            }
            if (element.shadowRoot) walk(element.shadowRoot, element.id);
        }
    };
    walk(document, null);
    return links;
}"""
AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations", "passes"]});
    const brief = (v) => ({id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target)});
    return {violations: result.violations.map(brief), passes: result.passes.map(brief)};
}"""


class MemberSite:
    """Another origin: serves the HTML the tests put into ``pages`` (path → text)."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/favicon.ico":  # asked for by the browser, not the page
                    self.send_response(204)
                    self.end_headers()
                    return
                body = pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet test output
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


def member_page(hub_origin: str) -> str:
    return MEMBER_PAGE.replace("HUB_ORIGIN", hub_origin)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def statuses(page) -> dict:
    return {
        host.get_attribute("id"): host.locator(".liga > .status").text_content()
        for host in page.locator(WIDGETS).all()
    }


def serious_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(AXE_RUN)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")], result


def translate_every_string(page, english: dict) -> None:
    """In wagtail-localize's editor (English admin): open each untranslated string on every
    tab, type its English from ``english`` (source text → translation) and save it."""
    for tab in ("Content", "Promote"):
        page.get_by_role("tab", name=tab).click()
        while (untranslated := page.locator("li.incomplete:visible")).count():
            segment = untranslated.first
            source = segment.locator("p").first.inner_text()
            segment.get_by_role("button", name="Translate", exact=True).click()
            segment.locator("textarea").fill(english[source])
            segment.get_by_role("button", name="Save", exact=True).click()
            segment.locator("textarea").wait_for(state="detached")
