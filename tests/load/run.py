"""make load: the public pages under a bounded load, served as in production, over the scale
corpus. Not part of `make test`: it prints figures, and fails if any request does.

    python -m tests.load.run [--pages 25000] [--seed 1] [--seconds 60] [--users 32]

1. The database: the corpus of `--pages` synthetic pages (generate_corpus) imported and
   published by the real importer. On SQLite it is built once into var/load/ under a key of
   the page count, the seed and stories.corpus.GENERATOR_VERSION, and reused while the key
   holds; an interrupted build resumes (the importer skips pages it already wrote). With a
   PostgreSQL DATABASE_URL the corpus is imported into that database; if it starts empty,
   a pg_dump of the result is kept under the same key and restored next time instead.
   Any other DATABASE_URL gets the import and no cache.
2. The server: `make serve` itself (collectstatic, migrate, gunicorn with
   archive/gunicorn.conf.py, debug off), with a fresh secret key and host 127.0.0.1, on a
   free loopback port; stopped on exit, failure, Ctrl-C or SIGTERM.
3. The load: locust, headless, with tests/load/locustfile.py, then a table per page kind.
   Everything of the last run (locust's CSV and log, make serve's log) is in var/load/last-run/.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlparse
from urllib.request import urlopen

import psycopg

from stories.corpus import GENERATOR_VERSION

ROOT = Path(__file__).resolve().parent.parent.parent
VAR = ROOT / "var" / "load"
RESULTS = VAR / "last-run"
PROGRESS_EVERY = 250  # pages between the import's progress lines shown
SERVER_START_SECONDS = 120  # collectstatic and migrate first
IMPORT_PAGES_PER_SECOND = 5  # as measured on a 2-core machine; for the estimate only


class LoadError(Exception):
    """A step failed; the message says which, in one line."""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=25_000, help="corpus pages (~4 stories each)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus generator's seed")
    parser.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    parser.add_argument("--users", type=int, default=32, help="concurrent connections")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # in order with the subprocesses' output
    # SIGTERM (make killed, a CI timeout) unwinds like Ctrl-C, so the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return load(args)
    except LoadError as error:
        print(f"make load: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("make load: interrupted", file=sys.stderr)
        return 130


def load(args):
    VAR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(RESULTS, ignore_errors=True)
    RESULTS.mkdir()
    env = production_env()
    env["DATABASE_URL"] = prepare_database(env, args.pages, args.seed)
    with serving(env) as host:
        print(
            f"Load: {args.users} users for {args.seconds} s on {host} (make serve), "
            f"{_published_stories(host):,} published stories on {_vendor(env['DATABASE_URL'])}"
        )
        status = run_locust(host, args.users, args.seconds)
    failures = print_summary(RESULTS / "locust_stats.csv")
    if status or failures:
        print_failures(RESULTS / "locust_failures.csv")
        raise LoadError(f"locust exited with {status}; see {RESULTS.relative_to(ROOT)}/")
    return 0


def production_env():
    """This process's environment for the manage.py steps and `make serve`: no DJANGO_* of
    ours (the Makefile turns debug on), a fresh secret key, loopback only, static files under
    var/load/; the operator's DATABASE_URL, if any, stays."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {
        **env,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(VAR / "static"),
        "PYTHONIOENCODING": "utf-8",
    }


def prepare_database(env, pages, seed):
    """The DATABASE_URL to serve: the cached SQLite corpus (built if missing), or the
    operator's database with the corpus in it."""
    key = f"p{pages}-s{seed}-g{GENERATOR_VERSION}"
    url = env.get("DATABASE_URL")
    if url is None:
        return _sqlite_corpus(env, key, pages, seed)
    if urlparse(url).scheme.startswith("postgres"):
        _postgres_corpus(env, url, key, pages, seed)
    else:
        _build(env, url, pages, seed)
    return url


def _sqlite_corpus(env, key, pages, seed):
    cached = VAR / f"corpus-{key}.sqlite3"
    if cached.exists():
        print(f"Corpus: {cached.relative_to(ROOT)} (cached)")
        return f"sqlite:///{cached}"
    building = VAR / f"building-{key}.sqlite3"
    if building.exists():
        print(f"Corpus: resuming the interrupted build in {building.relative_to(ROOT)}")
    url = f"sqlite:///{building}"
    _build(env, url, pages, seed)
    with contextlib.closing(sqlite3.connect(building)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds everything
    building.rename(cached)
    return f"sqlite:///{cached}"


def _postgres_corpus(env, url, key, pages, seed):
    """Restores the cached dump into an empty database, or imports and, if the database
    started empty, dumps the result for next time."""
    dump = VAR / f"corpus-{key}.pgdump"
    with psycopg.connect(url) as db:
        tables = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()[0]
    if not tables and dump.exists():
        print(f"Corpus: restoring {dump.relative_to(ROOT)} (cached)")
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", url, dump])
        return
    _build(env, url, pages, seed)
    if tables:
        print("Corpus: the database was not empty, so it is not cached")
        return
    partial = dump.with_suffix(".partial")
    _run(["pg_dump", "--format=custom", "-f", partial, "-d", url])
    partial.rename(dump)
    print(f"Corpus: cached as {dump.relative_to(ROOT)}")


def _build(env, url, pages, seed):
    minutes = max(1, round(pages / IMPORT_PAGES_PER_SECOND / 60))
    print(
        f"Corpus: building {pages:,} pages (about {pages * 4:,} stories) into {_vendor(url)} "
        f"with the real importer: ~{minutes} min at {IMPORT_PAGES_PER_SECOND} pages a second, "
        "once (the result is cached)."
    )
    env = {**env, "DATABASE_URL": url}
    manage(env, "migrate", "--no-input", quiet=True)
    manage(env, "load_roles", quiet=True)
    manage(env, "load_gazetteer", quiet=True)
    with tempfile.TemporaryDirectory(dir=VAR, prefix="pages-") as folder:
        manage(env, "generate_corpus", "--pages", str(pages), "--seed", str(seed), "--out", folder)
        _import(env, folder)


def _import(env, folder):
    """import_stories --publish: its report, its errors (on stderr) and every PROGRESS_EVERY-th
    page line. Stopped, not left behind, if we are interrupted: each page is one transaction,
    so a stop loses at most the page in hand, and the next run resumes."""
    command = [sys.executable, "manage.py", "import_stories", "--publish", folder]
    job = _start(command, env, stdout=subprocess.PIPE, text=True)
    try:
        for line in job.stdout:
            number = line[1 : line.find("/")] if line.startswith("[") else ""
            if not line.startswith((" ", "[")) or (
                number.isdigit() and int(number) % PROGRESS_EVERY == 0
            ):
                print(line, end="")
        job.wait()
    finally:
        _stop(job)
    if job.returncode:
        raise LoadError(f"import_stories exited with {job.returncode}")


def manage(env, *args, quiet=False):
    _run([sys.executable, "manage.py", *args], env=env, quiet=quiet)


def _run(command, env=None, quiet=False):
    """Runs `command` in the project folder; on failure, shows its output and stops."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    if result.returncode:
        print(result.stdout or "", end="", file=sys.stderr)
        shown = command[1:3] if command[0] == sys.executable else command[:1]
        raise LoadError(f"{' '.join(shown)} exited with {result.returncode}")


@contextlib.contextmanager
def serving(env):
    """`make serve` (collectstatic, migrate, gunicorn as in production) on a free loopback
    port; yields its base URL once it answers, and stops it afterwards."""
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    with (RESULTS / "serve.log").open("w") as log:
        command = ["make", "serve", f"BIND=127.0.0.1:{port}"]
        server = _start(command, env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_answering(server, host)
            yield host
        finally:
            _stop(server)


def _start(command, env, **options):
    """`command` in a process group of its own, so that Ctrl-C reaches only us and _stop
    ends the whole group (make and gunicorn, the importer and its workers) in order."""
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, **options)


def _stop(process):
    """SIGTERM to the group `process` leads (gunicorn's graceful shutdown), then SIGKILL if it
    has not exited 30 s later; nothing if it has."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(server, host):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LoadError(f"make serve exited with {server.returncode}: see {_log('serve')}")
        try:
            urlopen(f"{host}/robots.txt", timeout=5).close()
        except HTTPError:
            return  # it answers: what it answers is the load's business
        except (URLError, ConnectionError):
            time.sleep(0.2)
        else:
            return
    raise LoadError(f"gunicorn did not answer in {SERVER_START_SECONDS} s: see {_log('serve')}")


def _published_stories(host):
    try:
        with urlopen(f"{host}/api/stories.json?page_size=1", timeout=60) as response:
            return json.load(response)["count"]
    except URLError as error:
        raise LoadError(f"/api/stories.json: {error}; see {_log('serve')}") from error


def run_locust(host, users, seconds):
    """locust's exit status: non-zero if any request failed or the sample could not be read."""
    command = [sys.executable, "-m", "locust", "-f", "tests/load/locustfile.py", "--headless"]
    command += ["--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s"]
    command += ["--host", host, "--csv", str(RESULTS / "locust"), "--only-summary"]
    with (RESULTS / "locust.log").open("w") as log:
        status = subprocess.run(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    if status and not (RESULTS / "locust_stats.csv").exists():
        raise LoadError(f"locust exited with {status} before any load: see {_log('locust')}")
    return status


def print_summary(stats_csv):
    """Prints requests, failures, req/s, p50 and p99 per page kind and in all; returns the
    number of failed requests (locust's CSV: one row per request name, then "Aggregated")."""
    with stats_csv.open(newline="") as file:
        rows = list(csv.DictReader(file))
    print(f"{'page kind':32} {'requests':>9} {'failures':>9} {'req/s':>7} {'p50':>7} {'p99':>7}")
    for row in rows:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:32} {int(row['Request Count']):>9,} {int(row['Failure Count']):>9,} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>4} ms {row['99%']:>4} ms"
        )
    total = rows[-1]
    if not int(total["Request Count"]):
        raise LoadError(f"no request completed: see {_log('locust')}")
    return int(total["Failure Count"])


def print_failures(failures_csv):
    if not failures_csv.exists():
        return
    with failures_csv.open(newline="") as file:
        for row in csv.DictReader(file):
            print(f"failed {row['Occurrences']}×: {row['Name']}: {row['Error']}", file=sys.stderr)


def _log(name):
    return (RESULTS / f"{name}.log").relative_to(ROOT)


def _vendor(url):
    return "PostgreSQL" if urlparse(url).scheme.startswith("postgres") else "SQLite"


if __name__ == "__main__":
    sys.exit(main())
