"""Browser tests: Playwright drives the system Chromium against Django's live server.

Playwright cannot download its own browsers here, so it runs Debian's `chromium`. Where that is
missing the tests are skipped with a reason, except when REQUIRE_BROWSER is set (CI sets it,
after installing chromium), where a missing browser is a failure.
"""

import os
import shutil
import tempfile

import pytest

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
    """The catalogue and the staff groups that the data migrations fill.

    A live-server test empties the database when it ends; `serialized_rollback` should put the
    migrations' rows back for the next one, but does not always (after a plain database test
    in the same run the catalogue came back empty). Filling them again is idempotent.
    """
    from importlib import import_module

    from django.apps import apps

    import_module("awards.migrations.0003_catalogue").fill_catalogue(apps, None)
    import_module("awards.migrations.0009_staff_groups").create_groups(apps, None)
    return live_server.url
