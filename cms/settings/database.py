"""The database: SQLite by default, or what a URL in the environment names (PostgreSQL in
production; anything dj-database-url understands), with the session settings the hub's
queries want."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_int


def database_from_env(variable: str, default: str) -> dict:
    """The database the URL in ``variable`` names (else ``default``), connections kept for
    ``DB_CONN_MAX_AGE`` seconds."""
    try:
        database = dj_database_url.config(
            env=variable, default=default, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
        )
    except ValueError as exc:  # an unknown scheme or a malformed URL
        raise ImproperlyConfigured(
            f"Environment variable {variable} is not usable: {exc}"
        ) from None
    return tuned(database)


def tuned(database: dict) -> dict:
    """``database`` with the session settings the hub's queries want. On PostgreSQL, no
    parallel plans by default (``DB_PARALLEL_WORKERS``): every API query reads a page of rows
    along an index, and starting the workers of a parallel plan took longer than the whole
    scan (a topic's positions at 100,000 papers: 49 ms with two workers, 5 ms without)."""
    if database["ENGINE"].endswith("postgresql"):
        workers = env_int("DB_PARALLEL_WORKERS", 0)
        options = database.setdefault("OPTIONS", {})
        setting = f"-c max_parallel_workers_per_gather={workers}"
        options["options"] = f"{options.get('options', '')} {setting}".strip()
    return database
