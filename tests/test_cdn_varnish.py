"""The CDN for real: Debian's varnishd with the xkey vmod runs ``deploy/varnish/liga.vcl`` as
shipped in front of the hub (``live_server``). A list with a query string, a detail, a topic,
a search, embed pages and a feed are cached; publishing a change to the position they show
purges them with one request, and each is fresh through Varnish within 5 s, while a response
that does not show it stays cached.

Needs ``varnish`` and ``varnish-modules`` (``.ci/run`` installs them with apt-get).
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from django.conf import settings as django_settings

from tests.ports import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHLOG = shutil.which("varnishlog") or "/usr/bin/varnishlog"
VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "liga.vcl"
FRESH_WITHIN = 5  # seconds (PRODUCT.md)

OLD_TITLE = "Rückkehrberatung braucht Zeit"
NEW_TITLE = "Rückkehrberatung braucht Vertrauen"
SHOWING_IT = [
    "/api/v1/positions/?topic=flucht-und-migration&limit=5",
    "/api/v1/positions/rueckkehrberatung/",
    "/api/v1/topics/armut/",
    "/api/v1/search/?type=position&q=Vertrauensverh%C3%A4ltnis",
    "/embed/v1/positions/?slug=rueckkehrberatung&heading-level=3",
    "/embed/v1/topics/flucht-und-migration/",
    "/feeds/positions/?topic=armut&locale=de",
]
NOT_SHOWING_IT = "/api/v1/organisations/"

# The hub's address and who may purge: what an operator writes into liga-backend.vcl.
BACKEND_VCL = """
backend default {{
    .host = "127.0.0.1";
    .port = "{port}";
}}

acl liga_purgers {{
    "127.0.0.1";
}}
"""


@pytest.fixture
def varnish(live_server):
    """varnishd in the foreground on a free port, with ``liga.vcl`` and a ``liga-backend.vcl``
    pointing at the live server (found first on ``vcl_path``)."""
    if not os.access(VARNISHD, os.X_OK):
        pytest.fail(
            f"{VARNISHD} is missing: install Debian's varnish and varnish-modules "
            "(apt-get install varnish varnish-modules; .ci/run does)"
        )
    # A short path: varnishd keeps sockets in its working directory.
    workdir = Path(tempfile.mkdtemp(prefix="liga-varnish-"))
    conf = workdir / "conf"
    conf.mkdir()
    port = int(live_server.url.rsplit(":", 1)[1])
    (conf / "liga-backend.vcl").write_text(BACKEND_VCL.format(port=port))
    address = f"127.0.0.1:{free_port()}"
    log = open(workdir / "varnishd.log", "w+")  # noqa: SIM115 - closed below
    command = [
        VARNISHD,
        "-F",
        "-n",
        str(workdir / "n"),
        "-a",
        address,
        "-f",
        str(VCL),
        "-p",
        f"vcl_path={conf}",
        "-s",
        "malloc,32m",
        # No jail: as root, varnishd would switch to the `varnish` user, which may not read a
        # test's private temporary directory (and not root, it runs without one anyway).
        "-j",
        "none",
    ]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://{address}"
    try:
        wait_until_serving(url, process, log)
        yield SimpleNamespace(url=url, workdir=workdir / "n")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until_serving(url, process, log, timeout=60) -> None:
    """Until varnishd has compiled the VCL and answers (through to the hub's /healthz)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    log.seek(0)
    pytest.fail(f"varnishd did not start ({' '.join(process.args)}):\n{log.read()}")


def get(varnish, path) -> requests.Response:
    response = requests.get(varnish.url + path, timeout=10)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def is_hit(response) -> bool:
    # X-Varnish names this request and, on a hit, the request that stored the object.
    return len(response.headers["X-Varnish"].split()) == 2


def purge_requests(varnish) -> list[dict]:
    """Every PURGE varnishd has seen: its xkey-purge header, status and count."""
    log = subprocess.run(  # noqa: S603
        [VARNISHLOG, "-n", str(varnish.workdir), "-d", "-g", "request"]
        + ["-q", 'ReqMethod eq "PURGE"', "-i", "ReqHeader,RespStatus,RespHeader"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    return [
        {
            "keys": set(re.search(r"ReqHeader\s+xkey-purge: (.*)", group)[1].split()),
            "status": int(re.search(r"RespStatus\s+(\d+)", group)[1]),
            "purged": int(re.search(r"RespHeader\s+xkey-purged: (\d+)", group)[1]),
        }
        for group in log.split("<< Request")[1:]
    ]


def test_a_publish_is_fresh_through_varnish_everywhere_it_showed(varnish, hub, settings):
    settings.PUBLIC_BASE_URL = varnish.url
    for path in [*SHOWING_IT, NOT_SHOWING_IT]:
        first = get(varnish, path)
        again = get(varnish, path)
        assert not is_hit(first) and is_hit(again), path
        assert again.headers["Surrogate-Key"] == first.headers["Surrogate-Key"], path
        assert "Cache-Tag" in again.headers and "xkey" not in again.headers
        if path != NOT_SHOWING_IT:
            assert OLD_TITLE in again.text, path
            assert f"position:{hub.rueckkehr.translation_key}" in again.headers["Surrogate-Key"]

    settings.FRONTEND_CACHE_VARNISH_URL = varnish.url
    hub.rueckkehr.title = NEW_TITLE
    hub.rueckkehr.save_revision().publish()  # commits: the purge task runs at once

    stale = set(SHOWING_IT)
    deadline = time.monotonic() + FRESH_WITHIN
    while stale and time.monotonic() < deadline:
        stale = {path for path in stale if NEW_TITLE not in get(varnish, path).text}
        time.sleep(0.1 if stale else 0)
    assert stale == set()
    assert is_hit(get(varnish, NOT_SHOWING_IT))
    [purge] = purge_requests(varnish)
    assert purge["keys"] == {f"position:{hub.rueckkehr.translation_key}", "positions"}
    assert purge["status"] == 200
    assert purge["purged"] >= len(SHOWING_IT)


def test_varnish_refuses_a_purge_without_keys_and_passes_what_it_must_not_share(varnish, hub):
    assert requests.request("PURGE", varnish.url + "/", timeout=10).status_code == 400
    # An editor's session and an API key are answered by the hub itself, never stored.
    private = {"Cookie": "sessionid=x", "Authorization": "Bearer liga_x"}
    for headers in ({"Cookie": private["Cookie"]}, {"Authorization": private["Authorization"]}):
        responses = [
            requests.get(f"{varnish.url}/api/v1/topics/", headers=headers, timeout=10)
            for _ in range(2)
        ]
        assert [is_hit(response) for response in responses] == [False, False], headers
    # Errors are not kept: a 404 may be a page after the next publish.
    missing = [requests.get(f"{varnish.url}/api/v1/topics/neu/", timeout=10) for _ in range(2)]
    assert [r.status_code for r in missing] == [404, 404]
    assert not is_hit(missing[1])
    # Parameters in another order are the same request.
    get(varnish, "/api/v1/positions/?limit=2&offset=1")
    assert is_hit(get(varnish, "/api/v1/positions/?offset=1&limit=2"))
