"""The production settings that the README recommends pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The README's production variables ("Deployment for larger installations"), and nothing else:
# no DATABASE_URL (SQLite; the checks do not connect).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.gov.vn",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def check_deploy(**variables: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ.get("PATH", ""), **variables}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_recommended_production_settings_pass_the_deployment_checks():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("left_out", "warning"),
    [
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
        ("SECURE_HSTS_PRELOAD", "security.W021"),
        ("SECURE_SSL_REDIRECT", "security.W008"),
    ],
)
def test_each_of_them_is_needed(left_out, warning):
    result = check_deploy(**{name: v for name, v in PRODUCTION.items() if name != left_out})
    assert result.returncode != 0
    assert warning in result.stderr


def test_a_malformed_hsts_flag_stops_the_app():
    result = check_deploy(**{**PRODUCTION, "SECURE_HSTS_PRELOAD": "maybe"})
    assert result.returncode != 0
    assert "SECURE_HSTS_PRELOAD='maybe' is not a boolean" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/livez"])
def test_health_checks_over_plain_http_are_not_redirected(client, settings, path):
    """A load balancer often probes the app server itself, without TLS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    assert client.get("/").status_code == 301
