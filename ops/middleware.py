"""One access log line per request, with an id that ties it to every other line it caused."""

import logging
import re
import time
import uuid

from ops.logs import request_id_var

logger = logging.getLogger("liga.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# An id handed in by the proxy in front is kept only if it cannot forge log content.
TRUSTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestLogMiddleware:
    """Gives each request an id (the proxy's ``X-Request-ID`` if well-formed, else a new
    one), answers with it in ``X-Request-ID`` and logs method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if TRUSTED_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
