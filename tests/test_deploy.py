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


LEFT_OUT = {
    "SECURE_HSTS_SECONDS": "security.W004",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "security.W005",
    "SECURE_HSTS_PRELOAD": "security.W021",
    "SECURE_SSL_REDIRECT": "security.W008",
}
CONFIGURATIONS = {
    "recommended": PRODUCTION,
    **{
        f"without {left_out}": {name: v for name, v in PRODUCTION.items() if name != left_out}
        for left_out in LEFT_OUT
    },
    "malformed HSTS flag": {**PRODUCTION, "SECURE_HSTS_PRELOAD": "maybe"},
}


@pytest.fixture(scope="module")
def checks() -> dict[str, subprocess.CompletedProcess]:
    """`check --deploy` in each configuration, side by side: a process each, as settings are
    read once a process, and started together rather than one after the other."""
    running = {
        configuration: subprocess.Popen(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", ""), **variables},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for configuration, variables in CONFIGURATIONS.items()
    }
    results = {}
    for configuration, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[configuration] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )
    return results


def test_the_recommended_production_settings_pass_the_deployment_checks(checks):
    result = checks["recommended"]
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("left_out", "warning"), LEFT_OUT.items())
def test_each_of_them_is_needed(checks, left_out, warning):
    result = checks[f"without {left_out}"]
    assert result.returncode != 0
    assert warning in result.stderr


def test_a_malformed_hsts_flag_stops_the_app(checks):
    result = checks["malformed HSTS flag"]
    assert result.returncode != 0
    assert "SECURE_HSTS_PRELOAD='maybe' is not a boolean" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/livez"])
def test_health_checks_over_plain_http_are_not_redirected(client, settings, path):
    """A load balancer often probes the app server itself, without TLS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    assert client.get("/").status_code == 301
