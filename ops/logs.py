"""Log lines as JSON objects, each carrying the id of the request it belongs to.

The id is kept in a context variable by ``ops.middleware.RequestLogMiddleware``, so every
record logged while a request is served (by Django, Wagtail or our code) carries it, and a
record outside a request carries ``-``.
"""

import logging
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (for both formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    """``{"time", "level", "logger", "message", "request_id", …extra}``, one per line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault(
            "rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"}
        )
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)
