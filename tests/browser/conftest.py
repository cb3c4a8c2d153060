"""Browser tests: Playwright drives the system Chromium against Django's live server.

Playwright cannot download its own browsers here, so it runs Debian's `chromium`. Where that is
missing the tests are skipped with a reason, except when REQUIRE_BROWSER is set (CI sets it,
after installing chromium), where a missing browser is a failure.
"""

import os
import shutil
import tempfile

import pytest
from django.test import override_settings

from awards.demo import load_demo_data
from tests.conftest import fill_data_migrations

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this test-only use is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="no system Chromium: apt-get install chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="chromium-config-"))
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True}


@pytest.fixture
def catalogue(live_server):
    """The data migrations' rows, which the previous live-server test emptied at its end."""
    fill_data_migrations()
    return live_server.url


@pytest.fixture
def demo_site(catalogue):
    """The site with the demo data, without the demo's audit history (no test reads it)."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        load_demo_data()
    return catalogue


@pytest.fixture(scope="module", autouse=True)
def _catalogue_after_browser_tests(catalogue_after_the_module):
    """Every browser module's live-server tests empty the database: see the fixture."""
