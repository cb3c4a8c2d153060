"""Logs as a deployment reads them: one JSON object a line on standard output, each carrying the
request it belongs to (its id, also sent back as X-Request-ID), and one line for each request
with its method, path, status, user and time (LOG_FORMAT=text keeps them readable at a desk).

A request's id is the one the balancer in front gave it (X-Request-ID, when it looks like an
id), so that the balancer's log and ours name it alike; otherwise a new one.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# What a balancer writes as an id; anything else (too long, or a line break to forge a log
# line) is replaced by our own.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The attributes every log record has: what is left was given as `extra=`.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

requests_log = logging.getLogger("registry.requests")


class RequestIdFilter(logging.Filter):
    """Each record with the id of the request being served (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, request id, whatever
    was given as `extra=`, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", ""):
            line["request_id"] = record.request_id
        for name, value in vars(record).items():
            if name not in STANDARD and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def user_name(request: HttpRequest) -> str | None:
    """The staff member's login name, if the request looked its user up: the log itself never
    reads the session (a page that never asked who it serves costs no query for it, and one
    served while the database is down is logged too)."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # a lazy user, as AuthenticationMiddleware sets it
    if user is None or user is empty or not user.is_authenticated:
        return None
    return user.get_username()


class RequestLogMiddleware:
    """Names each request (X-Request-ID in and out) and logs it once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        ident = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(ident)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = ident
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    # Until the response's head: a streamed download goes on after it.
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user_name(request),
                },
            )
            return response
        finally:
            request_id.reset(token)
