import pytest
from django.utils import translation

from awards.demo import load_demo_data


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list) -> None:
    """Live-server tests empty the database when they end: they run after all the others."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path))


def fill_data_migrations() -> None:
    """The rows the data migrations make: the catalogue, its rules, the staff groups.

    A live-server test empties the database when it ends, and `--reuse-db` keeps it that way
    for the next run; filling them again is idempotent.
    """
    from importlib import import_module

    from django.apps import apps

    import_module("awards.migrations.0003_catalogue").fill_catalogue(apps, None)
    import_module("awards.migrations.0009_staff_groups").create_groups(apps, None)


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


def run_at_once(func, using=None, robust=False):
    func()


@pytest.fixture(autouse=True)
def _commit_work_runs_at_once(monkeypatch):
    """Tests run in a transaction that never commits: run on_commit work at once instead.

    That is what happens outside a transaction (autocommit), so pages see the recounted
    tallies and fresh cache versions right after a test saves an award.
    """
    monkeypatch.setattr("django.db.transaction.on_commit", run_at_once)


@pytest.fixture
def demo(db, monkeypatch, settings):
    """The demo data, with its commit work done once at the end, as a real commit would.

    Without its audit history, which would double the time and which no test reads.
    """
    callbacks = []
    monkeypatch.setattr(
        "django.db.transaction.on_commit",
        lambda func, using=None, robust=False: callbacks.append(func),
    )
    settings.SIMPLE_HISTORY_ENABLED = False
    load_demo_data()
    settings.SIMPLE_HISTORY_ENABLED = True
    monkeypatch.setattr("django.db.transaction.on_commit", run_at_once)
    for func in dict.fromkeys(callbacks):
        func()


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class _ThreadRunningAtOnce:
    def __init__(self, target, args=(), daemon=None):
        self.target, self.args = target, args

    def start(self) -> None:
        self.target(*self.args)


@pytest.fixture(autouse=True)
def _exports_run_at_once(monkeypatch, settings, tmp_path):
    """Background exports run inside the test's transaction, and write under tmp_path."""
    monkeypatch.setattr("awards.exports.Thread", _ThreadRunningAtOnce)
    settings.MEDIA_ROOT = tmp_path / "media"
