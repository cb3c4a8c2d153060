import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_flag


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_booleans_in_the_environment_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_flag("SOME_FLAG") is expected


def test_a_boolean_that_is_not_one_stops_the_app(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_flag("SOME_FLAG")


def test_debug_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_flag("SOME_FLAG") is False


ROOT = Path(__file__).resolve().parent.parent


def cache_process(script: str, *arguments: str, **environment: str) -> str:
    """What `script` prints, run in a process of its own with these settings in its
    environment (none of this one's cache or database). The cache needs the settings, not the
    apps: no django.setup(), a fifth of the time."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "CACHE_DIR", "DATABASE_URL")
    }
    env.update(SECRET_KEY="test-only", DEBUG="false", **environment)
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def cache_of_two_processes(tmp_path, **environment: str) -> list[str]:
    """What a second process reads from the cache after a first one wrote to it."""
    script = (
        "import sys; from django.core.cache import cache; "
        "cache.set('version', 'v2', None) if sys.argv[1] == 'write' else "
        "print(cache.get('version'))"
    )
    return [
        cache_process(script, step, CACHE_DIR=str(tmp_path), **environment)
        for step in ("write", "read")
    ]


def test_by_default_every_worker_of_a_machine_shares_the_cache(tmp_path):
    """One process's memory would let each gunicorn worker serve pages the others retired."""
    assert cache_of_two_processes(tmp_path) == ["", "v2"]
    assert cache_of_two_processes(tmp_path, CACHE_URL="locmemcache://") == ["", "None"]


def test_a_redis_that_never_answers_costs_a_cache_call_a_second():
    """A shared Redis whose machine is gone answers nothing, where a stopped one refuses: each
    call must give up soon (the page is then made uncached), not hold the page for seconds."""
    script = (
        "import time\nfrom django.core.cache import cache\nstarted = time.monotonic()\n"
        "try:\n    cache.get('version')\nexcept Exception as error:\n"
        "    print(type(error).__name__, time.monotonic() - started)\n"
    )
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never says a word
        port = silent.getsockname()[1]
        error, seconds = cache_process(script, CACHE_URL=f"redis://127.0.0.1:{port}/0").split()
    assert error == "TimeoutError"
    assert float(seconds) < 2.5  # redis-py's own default is 5 s a call, more than one a page
