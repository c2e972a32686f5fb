"""Shared pytest set-up: the database header line and the `postgres` and `own_sqlite` markers.

The suite runs twice (`make test`): on SQLite, where tests marked `@pytest.mark.postgres` skip,
and on PostgreSQL, where nothing may skip: a skip there fails the run.
"""

import sqlite3
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def _on_postgresql():
    return connection.vendor == "postgresql"


def pytest_report_header(config):
    if not _on_postgresql():
        return f"database: SQLite {sqlite3.sqlite_version}, in memory"
    where = "{HOST}:{PORT}".format(**connection.settings_dict)
    try:
        # A connection of its own: pytest-django blocks Django's connection outside tests.
        with connection.get_new_connection(connection.get_connection_params()) as raw:
            version = raw.execute("SHOW server_version").fetchone()[0]
    except connection.Database.OperationalError as error:
        pytest.exit(f"cannot connect to PostgreSQL at {where}: {error}", returncode=3)
    return f"database: PostgreSQL {version} at {where}"


def pytest_collection_modifyitems(config, items):
    if _on_postgresql():
        # Tests on SQLite files of their own (a deployed server, an installed wheel) would
        # only repeat themselves here: deselected, not skipped, since a skip fails this pass.
        repeated = [item for item in items if item.get_closest_marker("own_sqlite")]
        if repeated:
            config.hook.pytest_deselected(items=repeated)
            items[:] = [item for item in items if not item.get_closest_marker("own_sqlite")]
        return
    needs_postgresql = pytest.mark.skip(reason="needs PostgreSQL")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(needs_postgresql)


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render under test without `collectstatic`.

    pytest-django runs tests with DEBUG off, and then WhiteNoise's manifest storage refuses
    any `{% static %}` path missing from a manifest that only `collectstatic` writes, and
    WhiteNoise warns, for every test client, that STATIC_ROOT does not exist.
    """
    settings.STATIC_ROOT = None
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def editor_group(db):
    """The 编辑 group as archive's migration makes it. A transactional test's flush empties
    the tables migrations fill; whichever test ran before this one, make it again as the
    migration does."""
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="编辑").exists():
        # Run the two data migrations' functions on the state they were written against;
        # migrating back and forth would need a schema editor, which SQLite refuses inside
        # the test's transaction.
        loader = MigrationLoader(connection)
        state = loader.project_state(("archive", "0002_editor_list_rows")).apps
        editor = SimpleNamespace(connection=connection)
        for name, function in [
            ("0001_editor_group", "create_editor_group"),
            ("0002_editor_list_rows", "grant"),
        ]:
            getattr(import_module(f"archive.migrations.{name}"), function)(state, editor)
    return Group.objects.get(name="编辑")


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if _on_postgresql() and skipped:
        reporter.write_line(f"{skipped} skipped on PostgreSQL, where nothing may skip", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
