"""Import faults: a page is one transaction, so a killed import leaves whole pages only and a
re-run completes it; two imports of one folder at once duplicate nothing and lose nothing.

These run the real command in subprocesses against a database of their own, as an operator
would: a SQLite file on the SQLite pass, a fresh database on the pass's PostgreSQL server on
the PostgreSQL pass (never the pass's test database, which the subprocesses cannot see).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from stories.corpus import write_corpus
from stories.management.commands.import_stories import _process_alive

ROOT = Path(__file__).resolve().parent.parent
PAGES = 12

# Rows a page writes, per page and in all: what a whole page and a complete import mean.
SNAPSHOT = """
import json
from django.db.models import Count
from people.models import Organization, Person
from places.models import Community, Street
from stories.models import Appearance, Source, Story
pages = {
    s.filename: [s.n_stories, s.sha256]
    for s in Source.objects.annotate(n_stories=Count("stories"))
}
appearances = dict(
    Appearance.objects.values_list("story__source__filename").annotate(n=Count("pk"))
)
totals = {
    model.__name__: model.objects.count()
    for model in (Source, Story, Appearance, Person, Community, Street, Organization)
}
print(json.dumps({"pages": pages, "appearances": appearances, "totals": totals}))
"""


def _server_url():
    settings = connection.settings_dict
    return "postgres://{USER}@{HOST}:{PORT}".format(**settings)


class Database:
    """A migrated database with role categories that subprocesses reach by DATABASE_URL."""

    def __init__(self, url, drop=None):
        self.url, self.drop = url, drop
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode:
            pytest.fail(f"manage.py {' '.join(map(str, args))}: {result.stderr[-2000:]}")
        return result

    def start_import(self, folder, *options):
        # A session of its own, as a terminal's job is: Ctrl-C goes to its whole group.
        return subprocess.Popen(
            [sys.executable, "manage.py", "import_stories", str(folder), *options],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            # A terminal's job takes Ctrl-C, even when this test runs where SIGINT is ignored
            # (a background job of a script, as CI may run it), which the import would inherit.
            preexec_fn=_default_sigint,
        )

    def run_statuses(self):
        code = (
            "from stories.models import ImportRun; "
            "print(' '.join(ImportRun.objects.order_by('pk').values_list('status', flat=True)))"
        )
        return self.manage("shell", "-c", code).stdout.splitlines()[-1].split()

    def snapshot(self):
        # The last line: `shell` may first report what it imported automatically.
        return json.loads(self.manage("shell", "-c", SNAPSHOT).stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def new_database(tmp_path_factory):
    """A factory of fresh databases, each a copy of one migrated with role categories;
    dropped after the module on PostgreSQL."""
    folder = tmp_path_factory.mktemp("databases")
    made = []

    def make(template=None):
        name = f"faults_{uuid.uuid4().hex[:12]}"
        if connection.vendor == "postgresql":
            _admin(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template.drop}"' if template else "")
            )
            database = Database(f"{_server_url()}/{name}", drop=name)
        else:
            path = folder / f"{name}.sqlite3"
            if template:
                shutil.copyfile(template.url.removeprefix("sqlite:///"), path)
            database = Database(f"sqlite:///{path}")
        made.append(database)
        return database

    template = make()
    template.manage("migrate", "--no-input")
    template.manage("load_roles")
    yield lambda: make(template)
    for database in made:
        if database.drop:
            _admin(f'DROP DATABASE IF EXISTS "{database.drop}" WITH (FORCE)')


def _admin(sql):
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    with connection.Database.connect(**params, autocommit=True) as raw:
        raw.execute(sql)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, PAGES, seed=7)
    return folder


@pytest.fixture(scope="module")
def reference(new_database, corpus):
    """What one uninterrupted import of the corpus writes."""
    database = new_database()
    database.manage("import_stories", corpus, "--workers", "1")
    snapshot = database.snapshot()
    assert len(snapshot["pages"]) == PAGES
    return snapshot


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _kill_after(process, pages_written):
    """SIGKILL `process` once it reports `pages_written` pages; its worker pids, read
    from /proc just before the kill."""
    for line in process.stdout:
        if line.startswith(f"[{pages_written}/"):
            break
    else:
        pytest.fail(f"the import ended before page {pages_written}: {process.stderr.read()}")
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()
    return workers


def _children(pid):
    tasks = Path(f"/proc/{pid}/task")
    return {
        int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()
    }


def _whole_pages_only(snapshot, reference):
    for filename, (stories, sha256) in snapshot["pages"].items():
        assert [stories, sha256] == reference["pages"][filename], filename
        appearances = snapshot["appearances"].get(filename, 0)
        assert appearances == reference["appearances"].get(filename, 0), filename


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_import_killed_mid_run_leaves_whole_pages_and_a_rerun_completes(
    new_database, corpus, reference, workers
):
    database = new_database()

    worker_pids = _kill_after(database.start_import(corpus, "--workers", workers), 3)

    killed = database.snapshot()
    assert 3 <= len(killed["pages"]) < PAGES
    _whole_pages_only(killed, reference)
    result = database.manage("import_stories", corpus, "--workers", workers)
    assert result.returncode == 0
    assert database.snapshot() == reference
    assert database.run_statuses() == ["interrupted", "finished"]
    if workers != "1":
        assert worker_pids, "the pool's workers were not found"
        deadline = time.monotonic() + 10
        while any(map(_process_alive, worker_pids)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_process_alive, worker_pids)), "workers outlived the killed import"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_an_import_with_one_line_and_whole_pages(
    new_database, corpus, reference, workers
):
    database = new_database()
    process = database.start_import(corpus, "--workers", workers)
    for line in process.stdout:
        if line.startswith("[3/"):
            break

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 1
    assert stderr.splitlines()[-1].endswith("导入已中断：已写入的版面完整保留，再次运行即可继续。")
    assert "Traceback" not in stderr
    _whole_pages_only(database.snapshot(), reference)
    assert database.run_statuses() == ["interrupted"]


def test_two_imports_of_one_folder_at_once_duplicate_nothing_and_lose_nothing(
    new_database, corpus, reference
):
    database = new_database()

    imports = [database.start_import(corpus, "--workers", "1") for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in imports]

    for process, (_, stderr) in zip(imports, outputs, strict=True):
        assert process.returncode == 0, stderr
    assert database.snapshot() == reference


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        (
            {"good.txt": "社区书记王芳带领志愿者值守卡口。\n", "bad.txt": "\x00\x01"},
            "1 个版面导入失败",
        ),
        ({}, "没有 .txt 版面文件"),
        (None, "文件或文件夹不存在"),
    ],
    ids=["bad-page", "no-pages", "no-folder"],
)
def test_bad_input_exits_1_with_one_line_and_no_traceback(new_database, tmp_path, pages, message):
    database = new_database()
    folder = tmp_path / "pages"
    if pages is not None:
        folder.mkdir()
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")

    result = database.manage("import_stories", folder, check=False)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr.splitlines()[-1]
