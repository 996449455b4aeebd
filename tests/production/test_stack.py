"""The production stack as an operator runs it: two web instances, a worker, PostgreSQL,
Redis, S3, Varnish and mail, with ``cms.settings.production`` and the documented variables.

The tests run in file order against one stack; the last one stops Redis.
"""

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.production.conftest import MODERATOR_EMAIL
from tests.production.stack import wait_for

SEED_SLUG = "rueckkehrberatung"
SEED_TOPIC = "migration"
YEAR = 31536000


def get(url: str, headers: dict | None = None):
    """``(status, headers, body)`` of a GET, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get_json(url: str):
    status, _, body = get(url)
    assert status == 200, (url, status, body[:300])
    return json.loads(body)


def test_release_leaves_nothing_for_check_deploy(stack):
    # As deployed behind TLS: the test's own SECURE_SSL_REDIRECT=false (it speaks plain HTTP
    # to the processes) is the one thing a real deployment does not set.
    result = stack.manage(
        "check", "--deploy", "--fail-level", "WARNING", without=("SECURE_SSL_REDIRECT",)
    )

    assert result.returncode == 0
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout


def test_admin_css_and_api_docs_assets_come_from_the_web_process_with_a_long_cache(stack):
    for page in ("/admin/login/", "/api/v1/docs/"):
        status, _, body = get(stack.web_b + page)
        assert status == 200, page
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body.decode())
        assert assets, f"{page} names no static assets"
        for asset in assets[:5]:
            status, headers, content = get(stack.web_b + asset)
            assert status == 200, asset
            assert content
            assert f"max-age={YEAR}" in headers["Cache-Control"], (asset, headers)
            assert "immutable" in headers["Cache-Control"]


def test_static_files_are_served_compressed(stack):
    _, _, body = get(stack.web_a + "/admin/login/")
    css = re.findall(r'href="(/static/[^"]+\.css)"', body.decode())[0]

    status, headers, _ = get(stack.web_a + css, {"Accept-Encoding": "gzip, br"})

    assert status == 200
    assert headers["Content-Encoding"] in ("br", "gzip")


def test_readyz_reports_database_cache_and_storage(stack):
    for web in (stack.web_a, stack.web_b):
        body = get_json(web + "/readyz")
        assert body == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
        }


def test_log_lines_are_json_with_request_ids(stack):
    get(stack.web_a + "/api/v1/locales/", {"X-Request-ID": "stack-test-1"})

    def logged():
        for line in stack.processes["web_a"].log.read_text().splitlines():
            if line.startswith("{") and "stack-test-1" in line:
                return json.loads(line)
        return None

    entry = wait_for(logged, "the access log line")
    assert entry["request_id"] == "stack-test-1"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/api/v1/locales/", 200)
    assert {"time", "level", "duration_ms"} <= entry.keys()


def test_imported_images_are_public_on_the_bucket_with_webp_renditions(stack):
    position = get_json(f"{stack.web_b}/api/v1/positions/{SEED_SLUG}/")
    image = position["image"]
    bucket_url = f"http://127.0.0.1:{stack.ports['s3']}/{stack.bucket}/"

    assert image["url"].startswith(bucket_url)

    def webp_rendition():
        renditions = get_json(f"{stack.web_b}/api/v1/positions/{SEED_SLUG}/")["image"]
        return renditions["renditions"].get("medium_webp")

    webp = wait_for(webp_rendition, "the worker's WebP rendition", timeout=60)
    assert webp["url"].startswith(bucket_url)
    status, headers, content = get(webp["url"])
    assert status == 200
    assert headers["Content-Type"] == "image/webp"
    assert content[8:12] == b"WEBP"


def test_an_image_uploaded_through_a_is_served_by_b_and_its_renditions_land_on_s3(
    stack, admin_session, tmp_path
):
    from PIL import Image

    path = tmp_path / "stapel-test.png"
    Image.new("RGB", (1200, 800), (120, 30, 60)).save(path)
    page = admin_session.new_page()
    page.goto(f"{stack.web_a}/admin/images/add/")
    page.set_input_files("input[type=file][name=file]", str(path))
    page.fill("input[name=title]", "Stapeltest")
    page.fill("textarea[name=description], input[name=description]", "Ein rotes Rechteck")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/images/(\?.*)?$"))
    page.close()

    image_id = stack.shell(
        "from wagtail.images import get_image_model\n"
        "print(get_image_model().objects.get(title='Stapeltest').pk)"
    ).strip()
    status, _, body = get(
        f"{stack.web_b}/admin/images/{image_id}/", {"Cookie": cookie_header(admin_session)}
    )
    assert status == 200
    assert b"Stapeltest" in body

    s3 = stack.s3_client()

    def webp_on_s3():
        keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=stack.bucket).get("Contents", [])]
        return [key for key in keys if "stapel-test" in key and key.endswith(".webp")]

    (key,) = wait_for(webp_on_s3, "the uploaded image's WebP rendition on S3", timeout=60)
    status, headers, _ = get(f"http://127.0.0.1:{stack.ports['s3']}/{stack.bucket}/{key}")
    assert status == 200
    assert headers["Content-Type"] == "image/webp"


def cookie_header(context) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())


def test_documents_are_private_in_the_bucket_and_downloaded_through_the_hub(stack, admin_session):
    s3 = stack.s3_client()
    anonymous = stack.s3_client(anonymous=True)
    document_keys = [
        obj["Key"]
        for obj in s3.list_objects_v2(Bucket=stack.bucket).get("Contents", [])
        if obj["Key"].endswith(".pdf")
    ]
    assert document_keys
    for key in document_keys:
        status, _, _ = get(f"http://127.0.0.1:{stack.ports['s3']}/{stack.bucket}/{key}")
        assert status == 403, key
        with pytest.raises(Exception, match="AccessDenied|403|Forbidden"):
            anonymous.get_object(Bucket=stack.bucket, Key=key)

    # A public paper downloads through the hub, from either instance.
    document = get_json(f"{stack.web_b}/api/v1/positions/{SEED_SLUG}/")["document"]
    path = document["url"].split("://", 1)[1].split("/", 1)[1]
    for web in (stack.web_a, stack.web_b):
        status, headers, content = fetch_following(f"{web}/{path}")
        assert status == 200
        assert content.startswith(b"%PDF-")
        assert len(content) == document["size_bytes"]

    # A document in a login-restricted collection needs a login.
    pk, name = stack.private_document
    url = f"{stack.web_b}/documents/{pk}/{name.rsplit('/', 1)[-1]}"
    status, headers, _ = get(url)
    assert status == 302
    assert "login" in headers["Location"]
    status, _, content = fetch_following(url, {"Cookie": cookie_header(admin_session)})
    assert status == 200
    assert content.startswith(b"%PDF-")


def fetch_following(url: str, headers: dict | None = None):
    """GET that follows one redirect to a signed bucket URL (which must expire within 60 s)."""
    status, response_headers, body = get(url, headers)
    if status in (301, 302, 303, 307):
        location = response_headers["Location"]
        expires = re.search(r"X-Amz-Expires=(\d+)", location) or re.search(
            r"Expires=(\d+)", location
        )
        assert expires, location
        if "X-Amz-Expires" in location:
            assert int(expires.group(1)) <= 60
        status, response_headers, body = get(location)
    return status, response_headers, body


URLS_SHOWING_THE_SEED = (
    f"/api/v1/positions/?limit=5&kind=position_paper&topic={SEED_TOPIC}",
    f"/api/v1/positions/{SEED_SLUG}/",
    f"/api/v1/topics/{SEED_TOPIC}/",
    f"/feeds/positions/?topic={SEED_TOPIC}",
    f"/embed/v1/positions/?topic={SEED_TOPIC}&limit=3",
)


def test_a_publish_through_a_is_fresh_through_b_and_varnish_within_5_seconds(stack, admin_session):
    for path in URLS_SHOWING_THE_SEED:
        for _ in range(2):
            status, headers, _ = get(stack.varnish + path)
            assert status == 200, path
        assert int(headers.get("Age", "0")) >= 0
        assert len(headers["X-Varnish"].split()) == 2, (path, "not a cache hit")
        assert "position:" in headers["Surrogate-Key"] or "positions" in headers["Surrogate-Key"]

    page_id = get_json(f"{stack.web_b}/api/v1/positions/{SEED_SLUG}/")["id"]
    new_title = "Rückkehrberatung braucht Zeit und Vertrauen"
    page = admin_session.new_page()
    page.goto(f"{stack.web_a}/admin/pages/{page_id}/edit/")
    page.fill("input[name=title]", new_title)
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    published = time.monotonic()
    page.close()

    def everywhere_fresh():
        return all(
            new_title.encode() in get(base + path)[2]
            for base in (stack.web_b, stack.varnish)
            for path in URLS_SHOWING_THE_SEED
        )

    wait_for(
        everywhere_fresh,
        "the new title on every URL through B and Varnish",
        timeout=5,
        interval=0.1,
    )
    assert time.monotonic() - published <= 5


def test_a_page_scheduled_10_seconds_ahead_goes_live_within_90_seconds(stack):
    slug = stack.shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from positions.models import PositionPage\n"
        "page = PositionPage.objects.get(slug='inklusion-kita', locale__language_code='de')\n"
        "page.unpublish()\n"
        "page.refresh_from_db()\n"
        "page.go_live_at = timezone.now() + timedelta(seconds=10)\n"
        "page.save_revision().publish()\n"
        "page.refresh_from_db()\n"
        "assert not page.live and page.go_live_at\n"
        "print(page.slug)"
    ).strip()
    scheduled = time.monotonic()
    assert get(f"{stack.web_b}/api/v1/positions/{slug}/")[0] == 404

    wait_for(
        lambda: get(f"{stack.web_b}/api/v1/positions/{slug}/")[0] == 200,
        "the scheduled page live",
        timeout=95,
        interval=1,
    )
    assert time.monotonic() - scheduled <= 90 + 5  # the 10 s ahead are part of the 90 s


def test_submitting_for_moderation_mails_the_moderators(stack, admin_session):
    # A topic: its workflow is the moderators' one (a position is first co-signed by its
    # member organisations, cosigning/, and reaches the moderators after that).
    page_id = get_json(f"{stack.web_b}/api/v1/topics/armut/")["id"]
    page = admin_session.new_page()
    page.goto(f"{stack.web_a}/admin/pages/{page_id}/edit/")
    page.fill("input[name=title]", "Armut (zur Freigabe)")
    page.evaluate("document.querySelector('button[name=\"action-submit\"]').click()")
    page.wait_for_url(re.compile(r"/admin/"))
    page.close()

    def mail_to_moderator():
        return [m for m in stack.mails() if MODERATOR_EMAIL in (m["To"] or "")]

    (mail,) = wait_for(mail_to_moderator, "a mail to the moderators", timeout=30)[:1]
    assert "inhalte@liga.example.org" in mail["From"]


def test_readyz_answers_503_naming_the_cache_while_redis_is_down(stack):
    stack.stop("redis")
    try:
        status, _, body = get(stack.web_a + "/readyz")
        assert status == 503
        data = json.loads(body)
        assert data["failing"] == ["cache"]
        assert data["checks"]["database"] == "ok"
        assert get(stack.web_a + "/healthz")[0] == 200
    finally:
        stack.start_redis()
    wait_for(lambda: get(stack.web_a + "/readyz")[0] == 200, "readiness after Redis is back")
