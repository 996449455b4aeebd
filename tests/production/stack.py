"""The production stack on this machine, as README "Production" documents it.

PostgreSQL, Redis, an S3-compatible server (moto's standalone server), an SMTP sink, two
granian web instances, one worker and Varnish with the xkey module, each a real process on
127.0.0.1 started from the Debian or PyPI packages the CI installs. The hub's processes get
``cms.settings.production`` and only the documented environment variables.

Every server binds 127.0.0.1 on a free port; every process is stopped (and its temporary
folder removed) when the stack stops, whatever happened.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.ports import free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
VCL = REPO / "deploy" / "varnish" / "liga.vcl"
# PostgreSQL refuses to run as root: as root, the cluster runs as this unprivileged user.
PG_USER = "liga-ci"


def wait_for(check, what: str, timeout: float = 60, interval: float = 0.2):
    """Call ``check`` until it returns something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 - anything means "not yet"
            last_error = exc
        else:
            if result:
                return result
        time.sleep(interval)
    raise TimeoutError(f"{what} not within {timeout} s (last error: {last_error!r})")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_status(url: str, headers: dict | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def postgres_bin() -> Path:
    """Debian's server binaries (initdb, pg_ctl, createdb side by side), newest version."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout: float = 15) -> None:
        if not self.alive():
            return
        os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Stack:
    root: Path
    processes: dict[str, Process] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    pg_dir: Path | None = None
    bucket: str = "liga-media"
    mail_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    # --- processes ----------------------------------------------------------------------

    def spawn(self, name: str, command: list[str], env: dict | None = None, user=None):
        log = self.root / f"{name}.log"
        handle = log.open("ab")
        if user is not None:
            command = ["runuser", "-u", user, "--", *command]
        popen = subprocess.Popen(  # noqa: S603 - fixed commands of the test
            command,
            cwd=REPO,
            env=env or os.environ.copy(),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process = Process(name, popen, log)
        self.processes[name] = process
        return process

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        self.processes[name].stop(sig)

    def stop_all(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()
        if self.pg_dir is not None:
            self.run_pg("pg_ctl", "-D", str(self.pg_dir / "data"), "-m", "immediate", "stop")

    # --- services -------------------------------------------------------------------------

    def pg_user(self):
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(PG_USER)
        except KeyError:
            subprocess.run(  # noqa: S603 - a fixed command, as .ci/run does
                [  # noqa: S607 - the system's useradd, found on PATH
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    PG_USER,
                ],
                check=True,
            )
        return PG_USER

    def run_pg(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(postgres_bin() / tool), *args]
        user = self.pg_user()
        if user is not None:
            command = ["runuser", "-u", user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603

    def start_postgres(self) -> None:
        self.pg_dir = self.root / "pg"
        self.pg_dir.mkdir()
        user = self.pg_user()
        if user is not None:
            shutil.chown(self.pg_dir, user)
            # The cluster's user must reach its folder inside ours (nothing secret is there).
            os.chmod(self.root, 0o755)  # noqa: S103
        port = self.ports["postgres"] = free_port()
        result = self.run_pg(
            "initdb",
            "-D",
            str(self.pg_dir / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        assert result.returncode == 0, result.stderr
        result = self.run_pg(
            "pg_ctl",
            "-D",
            str(self.pg_dir / "data"),
            "-l",
            str(self.pg_dir / "server.log"),
            "-w",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {self.pg_dir} -c fsync=off",
            "start",
        )
        assert result.returncode == 0, result.stderr + result.stdout
        result = self.run_pg(
            "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "liga"
        )
        assert result.returncode == 0, result.stderr

    def start_redis(self) -> None:
        port = self.ports.setdefault("redis", free_port())
        self.spawn(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
        )
        wait_for(lambda: port_open(port), "redis-server")

    def start_s3(self) -> None:
        port = self.ports["s3"] = free_port()
        self.spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)])
        wait_for(lambda: http_status(f"http://127.0.0.1:{port}/") < 500, "moto_server")
        self.s3_client().create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )

    def s3_client(self, anonymous: bool = False):
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.ports['s3']}",
            region_name="eu-central-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto's local server
            config=Config(signature_version=UNSIGNED) if anonymous else None,
        )

    def start_smtp(self) -> None:
        port = self.ports["smtp"] = free_port()
        self.mail_dir = self.root / "mail"
        self.spawn(
            "smtp",
            [
                str(BIN / "python"),
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(self.mail_dir),
            ],
        )
        wait_for(lambda: port_open(port), "SMTP sink")

    def mails(self) -> list:
        import mailbox

        if self.mail_dir is None or not self.mail_dir.exists():
            return []
        return list(mailbox.Maildir(self.mail_dir))

    # --- the hub ----------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        """The process environment of the hub: only variables README "Production" names."""
        keep = {name: os.environ[name] for name in ("PATH", "LANG", "HOME") if name in os.environ}
        varnish = self.ports.get("varnish")
        public = f"http://127.0.0.1:{varnish}" if varnish else "http://127.0.0.1"
        webs = [self.ports[name] for name in ("web_a", "web_b") if name in self.ports]
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/liga",
            "SECRET_KEY": "production-stack-test-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_BASE_URL": public,
            # The test talks plain HTTP to the processes; TLS ends in front of them in real
            # deployments, which then also send X-Forwarded-Proto.
            "SECURE_SSL_REDIRECT": "false",
            "CSRF_TRUSTED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in webs),
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "AWS_S3_REGION_NAME": "eu-central-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "FRONTEND_CACHE_VARNISH_URL": f"http://127.0.0.1:{varnish}" if varnish else "",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "DEFAULT_FROM_EMAIL": "LIGA Inhalte <inhalte@liga.example.org>",
            "STATIC_ROOT": str(self.root / "static"),
            "LOG_LEVEL": "INFO",
            **self.extra_env,
        }

    def manage(self, *args: str, check: bool = True, input: str | None = None, without=()):
        env = {name: value for name, value in self.env().items() if name not in without}
        result = subprocess.run(  # noqa: S603 - fixed commands of the test
            [str(BIN / "python"), "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            input=input,
            check=False,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result

    def shell(self, code: str) -> str:
        """Run Python in the hub's environment (``manage.py shell``) and return its output."""
        return self.manage("shell", "--no-imports", "-c", code).stdout

    def release(self) -> None:
        """The documented release step."""
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")

    def granian(self, name: str, app: str, port: int, env: dict) -> None:
        """The documented web command, with 1 worker, serving ``app`` on ``port``."""
        command = [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1"]
        self.spawn(name, [*command, "--port", str(port), "--workers", "1", app], env=env)

    def start_web(self, name: str) -> str:
        port = self.ports.setdefault(name, free_port())
        self.granian(name, "cms.wsgi:application", port, self.env())
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_status(f"{url}/healthz") == 200, f"web instance {name}")
        return url

    def start_released_hub(self) -> None:
        """The services, the release step and the demo content (what every user of the stack
        needs before its web and worker processes start)."""
        self.start_postgres()
        self.start_redis()
        self.start_s3()
        self.start_smtp()
        self.release()
        self.manage("import_content", str(REPO / "demo" / "bundle"))

    def start_worker(self) -> None:
        self.spawn("worker", [str(BIN / "python"), "manage.py", "db_worker"], env=self.env())

    def start_varnish(self, backend_port: int) -> str:
        """varnishd running the shipped ``liga.vcl``, with the shipped ``liga-backend.vcl``
        pointed at ``backend_port`` (what an operator edits) found first on ``vcl_path``."""
        port = self.ports.setdefault("varnish", free_port())
        conf = self.root / "varnish-conf"
        conf.mkdir(exist_ok=True)
        backend = (VCL.parent / "liga-backend.vcl").read_text(encoding="utf-8")
        assert '.port = "8000";' in backend
        (conf / "liga-backend.vcl").write_text(
            backend.replace('.port = "8000";', f'.port = "{backend_port}";'), encoding="utf-8"
        )
        self.spawn(
            "varnish",
            [
                "varnishd",
                "-F",
                "-n",
                str(self.root / "varnish"),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(VCL),
                "-p",
                f"vcl_path={conf}:{VCL.parent}",
                "-s",
                "malloc,64m",
                # As root the jail would switch to the varnish user, who cannot read our folder.
                "-j",
                "none",
            ],
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_status(f"{url}/api/v1/locales/") == 200, "varnishd")
        return url
