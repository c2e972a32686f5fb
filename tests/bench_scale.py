"""make bench, second part: the public pages over the scale corpus (issue 9).

    python -m tests.bench_scale [--pages 25000] [--seed 1] [--rounds 5]

The corpus is `make load`'s: `--pages` synthetic pages (generate_corpus, about four stories
each) imported and published by the real importer, cached under var/load/ by page count,
seed and generator version (see tests/load/run.py), on SQLite, or with a PostgreSQL
DATABASE_URL in that database (`.ci/with-postgres make bench`). The first run of a page
count builds it, which is long at the default.

Each page kind is asked for with ten different values drawn from the archive itself (the
same sampling as `make load`), `--rounds` times each, through Django's test client in this
process: server time, no network. Prints the median and 95th percentile and the most
queries any request of the kind ran. Asserts nothing (tests never assert on wall time); the
query budgets are guarded by the tests.
"""

import argparse
import json
import os
import random
import sys

from tests.bench import database_name, median_p95, timed_requests
from tests.load import pages as load_pages
from tests.load.run import LoadError, prepare_database, production_env

VALUES_PER_KIND = 10
# Issue 9's targets, p95 in milliseconds, by page kind.
TARGETS = {
    "list": 50,
    "list, district + role + dates": 50,
    **dict.fromkeys(load_pages.SEARCHES, 100),
    "story": 20,
    "person": 20,
    "api": 50,
}
QUERY_BUDGET = 10


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.bench_scale")
    parser.add_argument("--pages", type=int, default=25_000, help="corpus pages (~4 stories each)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus generator's seed")
    parser.add_argument("--rounds", type=int, default=5, help="requests of each sampled URL")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    try:
        url = prepare_database(production_env(), args.pages, args.seed)
    except LoadError as error:
        print(f"make bench: {error}", file=sys.stderr)
        return 1
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    return measure(args.pages, args.rounds)


def measure(pages, rounds):
    from django.test import Client

    from stories.models import Story

    client = Client(HTTP_HOST="localhost")
    urls = _urls(client)
    print(
        f"pages over the scale corpus ({pages:,} pages, "
        f"{Story.objects.published().count():,} published stories), {database_name()}, "
        f"{VALUES_PER_KIND} values × {rounds} requests each:"
    )
    for kind, paths in urls.items():
        times, most_queries, statuses = timed_requests(client, paths, rounds)
        median, p95 = median_p95(times)
        target = TARGETS[kind]
        verdict = "ok" if p95 * 1000 <= target and most_queries <= QUERY_BUDGET else "OVER"
        print(
            f"  {kind:32} {'/'.join(map(str, statuses))}  "
            f"median {median * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms (target ≤ {target})  "
            f"≤ {most_queries:2} queries  {verdict}"
        )
    return 0


def _urls(client):
    """{page kind: [path, ...]}, VALUES_PER_KIND paths a kind, read from the archive."""
    first = json.loads(client.get("/api/stories.json?page_size=100").content)
    responses = [first] + [
        json.loads(client.get(f"/api/stories.json?page_size=100&page={number}").content)
        for number in load_pages.sample_api_pages(first["num_pages"])[1:]
    ]
    sample = load_pages.sample_from(responses)
    rng = random.Random(1)
    urls = {}
    for kind in load_pages.KINDS:
        found = dict.fromkeys(load_pages.url(kind, sample, rng) for _ in range(200))
        urls[kind] = list(found)[:VALUES_PER_KIND]
    urls["person"] = _person_paths(client)
    return {kind: urls[kind] for kind in TARGETS}


def _person_paths(client):
    """Public people's pages: people who appear in published stories and have a page."""
    from people.models import Person
    from stories.models import Story

    candidates = (
        Person.objects.filter(
            merged_into=None,
            is_name_public=True,
            appearances__story__in=Story.objects.published(),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[: VALUES_PER_KIND * 5]
    )
    paths = [f"/people/{pk}/" for pk in candidates]
    return [path for path in paths if client.get(path).status_code == 200][:VALUES_PER_KIND]


if __name__ == "__main__":
    sys.exit(main())
