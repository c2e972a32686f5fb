"""make bench: extraction and import speed against bare jieba.cut, in one process, then the
server time and query count of the public pages over the imported seeds.

Prints figures; asserts nothing (tests never assert on wall time). Dictionaries (jieba's,
ours, the gazetteer) are loaded once before timing, as in a real import run. It writes to
a throwaway SQLite database, or to $DATABASE_URL if set (`.ci/with-postgres make bench`).
"""

import glob
import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 7
PAGE_REQUESTS = 50


def best_of(function):
    """The fastest of several runs, in seconds: the least disturbed measurement."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    import jieba

    from stories.pipeline import parse_page, read_page

    paths = sorted(glob.glob(str(ROOT / "seeds" / "*.txt")))
    texts = [read_page(path).text for path in paths]
    chars = sum(map(len, texts))

    started = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        parse_page(text)
    pipeline_load = time.perf_counter() - started

    bare = best_of(lambda: [list(jieba.cut(text)) for text in texts])
    parsing = best_of(lambda: [parse_page(text) for text in texts])
    cores = os.cpu_count() or 1
    importing = {workers: _import_seconds(paths, workers) for workers in sorted({1, cores})}

    print(f"seeds: {len(texts)} pages, {chars:,} characters")
    print(f"loading: jieba {jieba_load:.2f} s; our dictionaries {pipeline_load:.2f} s")
    print(f"{'bare jieba.cut':28} {chars / bare:>10,.0f} chars/s  ({bare * 1000:.0f} ms)")
    print(
        f"{'extraction (parse_page)':28} {chars / parsing:>10,.0f} chars/s  "
        f"({parsing * 1000:.0f} ms)  = {bare / parsing:.2f} × jieba (target ≥ 0.50)"
    )
    for workers, seconds in importing.items():
        print(
            f"{f'import, --workers {workers}':28} {chars / seconds:>10,.0f} chars/s  "
            f"({seconds * 1000:.0f} ms)  = {bare / seconds:.2f} × jieba, {database_name()}"
        )
    _page_figures(paths)


def database_name():
    from django.db import connection

    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]


PAGES = [
    ("home", "/"),
    ("list", "/stories/"),
    (
        "list, district + role + dates",
        "/stories/?district=丰台区&role=社区书记&date_after=2020-01-01",
    ),
    ("list, search 钱", "/stories/?q=钱"),
    ("list, search 社区", "/stories/?q=社区"),
    ("list, search 核酸检测", "/stories/?q=核酸检测"),
    ("api, district", "/api/stories.json?district=丰台区"),
    ("stats", "/stats/"),
    ("people", "/people/"),
    ("places", "/places/"),
]


def _page_figures(paths):
    """Median and 95th percentile server time, and queries, of each page in PAGES (and of
    the first published story), over the seeds imported and published."""
    from django.core.management import call_command
    from django.test import Client

    from stories.models import Story

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "roles.json"), verbosity=0)
    call_command("import_stories", *paths, publish=True, stdout=io.StringIO())
    story = Story.objects.published().order_by("pk").first()
    client = Client(HTTP_HOST="localhost")
    print(
        f"pages over the seeds ({Story.objects.published().count()} published stories), "
        f"{PAGE_REQUESTS} requests each, {database_name()}:"
    )
    for label, url in [*PAGES, ("story", story.get_absolute_url())]:
        times, queries, statuses = timed_requests(client, [url], PAGE_REQUESTS)
        median, p95 = median_p95(times)
        print(
            f"  {label:32} {'/'.join(map(str, statuses))}  median {median * 1000:5.1f} ms  "
            f"p95 {p95 * 1000:5.1f} ms  {queries:2} queries"
        )


def timed_requests(client, paths, rounds):
    """Each path asked for once to warm it (dictionaries, template caches), then `rounds`
    times: ([seconds of each request], the most queries one ran, sorted status codes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths:
        client.get(path)
    times, most_queries, statuses = [], 0, set()
    for _ in range(rounds):
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
            most_queries = max(most_queries, len(queries))
            statuses.add(response.status_code)
    return times, most_queries, sorted(statuses)


def median_p95(times):
    """The median and the 95th percentile (nearest rank) of a list of times."""
    times = sorted(times)
    return times[len(times) // 2], times[math.ceil(len(times) * 0.95) - 1]


def _import_seconds(paths, workers):
    """Seconds to read, extract (in `workers` processes) and write every seed page into an
    empty database."""
    import django
    from django.core.management import call_command

    django.setup()
    manifest = str(ROOT / "seeds" / "manifest.csv")

    def run():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(ROOT / "fixtures" / "roles.json"), verbosity=0)
        start = time.perf_counter()
        call_command(
            "import_stories", *paths, manifest=manifest, workers=workers, stdout=io.StringIO()
        )
        return time.perf_counter() - start

    call_command("migrate", verbosity=0)
    return min(run() for _ in range(3))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        sys.exit(main())
