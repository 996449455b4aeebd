"""Operator commands and settings: the admin bootstrap and production's fail-fast."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process with every required variable."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://liga@127.0.0.1:1/liga",
        "PUBLIC_BASE_URL": "https://inhalte.example.org",
        "ALLOWED_HOSTS": "inhalte.example.org",
        **overrides,
    }


def start_django(env: dict[str, str], script: str = "import django; django.setup()"):
    """Start Django in a new process with ``env`` (settings are read once per process)."""
    return subprocess.run(  # noqa: S603 - fixed command, test input only
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )


def ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_admin_gets_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "ein-langes-Passwort-2026")

    output = ensure_admin()

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("ein-langes-Passwort-2026")
    assert "ein-langes-Passwort-2026" not in output


def test_generated_password_is_printed_once_and_works(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)

    first = ensure_admin()
    second = ensure_admin()

    password = first.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password not in second
    assert "exists; its password is unchanged" in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_admin_password_from_the_environment_replaces_an_existing_one(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    ensure_admin()
    monkeypatch.setenv("ADMIN_PASSWORD", "das-neue-Passwort-2026")

    output = ensure_admin()
    again = ensure_admin()

    user = get_user_model().objects.get(username="admin")
    assert user.check_password("das-neue-Passwort-2026")
    assert "now the one from ADMIN_PASSWORD" in output
    assert "has the password from ADMIN_PASSWORD" in again
    assert "das-neue-Passwort-2026" not in output + again
    assert get_user_model().objects.filter(username="admin").count() == 1


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "ALLOWED_HOSTS"]
)
def test_production_settings_refuse_to_start_without_a_secret(missing):
    env = production_env()
    del env[missing]

    result = start_django(env)

    assert result.returncode != 0
    assert f"Environment variable {missing} is required in production" in result.stderr


def test_production_settings_load_with_every_secret():
    env = production_env()
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )

    result = start_django(env, script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PUBLIC_BASE_URL", "inhalte.example.org", "PUBLIC_BASE_URL must be an URL starting"),
        ("REDIS_URL", "127.0.0.1:6379", "REDIS_URL must be an URL starting with redis://"),
        ("DATABASE_URL", "mysq://liga@db/liga", "DATABASE_URL is not usable"),
        ("AWS_S3_ENDPOINT_URL", "minio:9000", "AWS_S3_ENDPOINT_URL must be an URL"),
        ("EMAIL_PORT", "fünfundzwanzig", "EMAIL_PORT must be a whole number"),
        ("FRONTEND_API_CACHE_SECONDS", "5m", "FRONTEND_API_CACHE_SECONDS must be a whole number"),
        ("DB_PARALLEL_WORKERS", "zwei", "DB_PARALLEL_WORKERS must be a whole number"),
    ],
)
def test_production_settings_refuse_a_wrong_value_naming_the_variable(variable, value, message):
    env = production_env(**{variable: value})

    result = start_django(env)

    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(("workers", "expected"), [(None, "0"), ("2", "2")])
def test_postgresql_sessions_plan_with_the_configured_parallel_workers(
    monkeypatch, workers, expected
):
    from cms.settings.database import database_from_env

    monkeypatch.setenv("LIGA_TEST_DB", "postgres://liga@db.internal:5432/liga")
    if workers is None:
        monkeypatch.delenv("DB_PARALLEL_WORKERS", raising=False)
    else:
        monkeypatch.setenv("DB_PARALLEL_WORKERS", workers)

    database = database_from_env("LIGA_TEST_DB", "sqlite:///unused.sqlite3")

    assert database["OPTIONS"]["options"] == f"-c max_parallel_workers_per_gather={expected}"


def test_sqlite_gets_no_session_options(monkeypatch):
    from cms.settings.database import database_from_env

    monkeypatch.delenv("LIGA_TEST_DB", raising=False)

    database = database_from_env("LIGA_TEST_DB", "sqlite:///liga.sqlite3")

    assert database["ENGINE"].endswith("sqlite3")
    assert "options" not in database.get("OPTIONS", {})
