"""What a deployment reads in its logs: each request named and timed, one JSON object a line,
the request's id on every line logged while serving it; gunicorn's settings; Sentry when a DSN
is given."""

import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.logs import JsonFormatter, RequestIdFilter, RequestLogMiddleware
from tests.makers import make_staff

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def requests_logged(caplog):
    caplog.set_level(logging.INFO, logger="registry.requests")
    return caplog


@pytest.mark.django_db
def test_each_request_is_named_and_logged_with_its_time(client, requests_logged):
    response = client.get("/livez")
    ident = response["X-Request-ID"]
    assert len(ident) == 32 and int(ident, 16) >= 0
    (record,) = [r for r in requests_logged.records if r.name == "registry.requests"]
    assert (record.method, record.path, record.status, record.user) == ("GET", "/livez", 200, None)
    assert record.request_id == ident and record.duration_ms >= 0


@pytest.mark.django_db
def test_a_staff_request_names_its_user(client, requests_logged):
    client.force_login(make_staff("phe-duyet"))
    client.get("/admin/")
    records = [r for r in requests_logged.records if r.name == "registry.requests"]
    assert [(r.path, r.user) for r in records] == [("/admin/", "phe-duyet")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("7f3a9c0e-balancer", True),
        ("a" * 65, False),  # too long
        ("abc\nGET /forged 200", False),  # a line break to forge a log line
        ("", False),
    ],
)
def test_the_balancers_request_id_is_kept_when_it_is_an_id(client, given, kept):
    response = client.get("/livez", headers={"X-Request-ID": given} if given else {})
    assert (response["X-Request-ID"] == given) is kept
    assert "\n" not in response["X-Request-ID"]


def json_line(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_line_logged_while_serving_carries_the_requests_id():
    lines = []

    def view(request):
        logger = logging.getLogger("awards.imports")
        record = logger.makeRecord(
            logger.name, logging.WARNING, __file__, 1, "Đã đọc %s dòng", (3,), None,
            extra={"decision": 163},
        )  # fmt: skip
        lines.append(json_line(record))
        return HttpResponse()

    request = RequestFactory().get("/", headers={"X-Request-ID": "req-1"})
    RequestLogMiddleware(view)(request)
    (line,) = lines
    assert line["message"] == "Đã đọc 3 dòng"  # Vietnamese as itself, not \u escapes
    assert (line["level"], line["logger"], line["request_id"]) == (
        "WARNING", "awards.imports", "req-1",
    )  # fmt: skip
    assert line["decision"] == 163 and line["time"].endswith("+00:00")
    # Outside a request, no id.
    assert "request_id" not in json_line(logging.makeLogRecord({"msg": "worker"}))


def test_an_exception_is_logged_with_its_traceback():
    try:
        raise ZeroDivisionError("on purpose")
    except ZeroDivisionError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    line = json_line(record)
    assert "ZeroDivisionError" in line["exception"] and "Traceback" in line["exception"]


def gunicorn_settings(monkeypatch, **environment: str) -> dict:
    for name in ("BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "gunicorn.py"))


def test_gunicorn_runs_a_worker_for_each_core_and_one(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    settings = gunicorn_settings(monkeypatch)
    assert settings["workers"] == 5 and settings["bind"] == "127.0.0.1:8000"
    assert settings["accesslog"] is None  # the app logs the requests, with their id and user
    settings = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3", BIND="10.0.0.5:8001")
    assert (settings["workers"], settings["bind"]) == (3, "10.0.0.5:8001")


def settings_in_a_process(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(SECRET_KEY="test-only", DEBUG="false", **environment)
    script = "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_errors_go_to_sentry_only_when_a_dsn_is_given():
    assert settings_in_a_process().stdout.strip() == "False"
    given = settings_in_a_process(SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert given.stdout.strip() == "True", given.stderr


def test_a_log_format_that_is_neither_stops_the_app():
    done = settings_in_a_process(LOG_FORMAT="xml")
    assert done.returncode != 0 and "LOG_FORMAT=xml: json or text." in done.stderr
