import sys
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from awards import rolls
from awards.demo import load_demo_data
from tests.makers import CommittingClient, committed


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list) -> None:
    """Live-server tests empty the database when they end: they run after all the others."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path))
    # The demo stays loaded from a module's first test that asks for it to the module's end:
    # a test of the same module that did not ask would find it all the same.
    asks = defaultdict(set)
    for item in items:
        asks[item.path].add("demo" in getattr(item, "fixturenames", ()))
    mixed = sorted(str(path) for path, answers in asks.items() if len(answers) > 1)
    if mixed:
        raise pytest.UsageError(f"Some tests of these modules ask for the demo, some not: {mixed}")


def fill_data_migrations() -> None:
    """The rows the data migrations make: the catalogue, its rules, the law's data (periods,
    powers, money), the staff groups.

    A live-server test empties the database when it ends, and `--reuse-db` keeps it that way
    for the next run; filling them again is idempotent.
    """
    from importlib import import_module

    from django.apps import apps

    if not apps.get_model("awards", "EmulationTitle").objects.exists():
        # Emptied by a live-server test. (Not again otherwise: 0003's rules are one per pair
        # of titles, the law's since 0019 may be two, in two ways.)
        import_module("awards.migrations.0003_catalogue").fill_catalogue(apps, None)
    law = import_module("awards.migrations.0017_load_law")
    law.load(apps, None)
    import_module("awards.migrations.0009_staff_groups").create_groups(apps, None)
    law.let_staff_read(apps, None)
    import_module("awards.migrations.0019_rules_that_hold_data").load(apps, None)
    results = import_module("awards.migrations.0021_yearly_results_rules")
    results.load(apps, None)
    results.let_staff_record(apps, None)
    import_module("awards.migrations.0024_initiatives_rules").let_staff_record(apps, None)
    import_module("awards.migrations.0026_members_ratings").load(apps, None)
    import_module("units.migrations.0009_successor_permissions").let_staff_record(apps, None)
    import_module("reports.migrations.0004_circular_02_2023").load(apps, None)


@pytest.fixture(scope="module")
def catalogue_after_the_module(django_db_blocker):
    """For a module of transactional tests (a live server, a backup's restore), each of which
    empties the database at its end: the data migrations' rows are put back once the module's
    tests are done, for whatever test this process runs next (a worker of pytest-xdist may be
    given another file after it). Asked for with `pytestmark`'s usefixtures."""
    yield
    with django_db_blocker.unblock():
        fill_data_migrations()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        fill_data_migrations()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic`; tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test client builds its own middleware, and WhiteNoise's reads every file of
    # STATIC_ROOT when built: 0.1 s a client once `collectstatic` has filled it. Looked up when
    # asked for instead, as in development.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "staff", password="password", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english(request):
    """Tests read English: messages are compared in English and reverse() gives /en/ URLs.

    Tests of the other languages (and of Vietnamese at unprefixed URLs) say so themselves.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> CommittingClient:
    """Each request commits its work, as the server's would."""
    return CommittingClient()


@pytest.fixture(scope="module")
def _demo_of_the_module(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module, in a transaction rolled back after its tests.

    Each test's own transaction is a savepoint inside it, rolled back after the test: one that
    changes the demo leaves the next a fresh copy. Without its audit history, which would double
    the time and which no test reads.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(SIMPLE_HISTORY_ENABLED=False), committed():
                load_demo_data()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_of_the_module, db) -> None:
    """The demo data, with its commit work done. A module's tests all ask for it, or none."""


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
    # Years a rolled-back test left pending are no business of the next test's commits.
    rolls._pending.__dict__.clear()


# "database": the production backend, for tests of what it stores.
IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_where_queued():
    """Background tasks run where they are queued, inside the test's transaction (Django's
    immediate backend); tests/test_worker.py runs real workers on the database backend."""
    from django.tasks import task_backends

    with override_settings(TASKS=IMMEDIATE_TASKS):
        # The handler keeps the backends it made and the settings it read: made again.
        task_backends.__dict__["settings"] = task_backends.configure_settings(IMMEDIATE_TASKS)
        for alias in IMMEDIATE_TASKS:
            if hasattr(task_backends._connections, alias):
                del task_backends[alias]
        yield


@pytest.fixture(autouse=True)
def _exports_write_under_tmp_path(settings, tmp_path):
    """Background exports write their files under tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
