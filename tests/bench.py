"""make bench: extraction and import speed against bare jieba.cut, in one process.

Prints figures; asserts nothing (tests never assert on wall time). Dictionaries (jieba's,
ours, the gazetteer) are loaded once before timing, as in a real import run; the import
figure writes to a throwaway SQLite database.
"""

import glob
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 7


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
    importing = _import_seconds(paths)

    print(f"seeds: {len(texts)} pages, {chars:,} characters")
    print(f"loading: jieba {jieba_load:.2f} s; our dictionaries {pipeline_load:.2f} s")
    print(f"{'bare jieba.cut':28} {chars / bare:>10,.0f} chars/s  ({bare * 1000:.0f} ms)")
    print(
        f"{'extraction (parse_page)':28} {chars / parsing:>10,.0f} chars/s  "
        f"({parsing * 1000:.0f} ms)  = {bare / parsing:.2f} × jieba (target ≥ 0.50)"
    )
    print(
        f"{'import (parse + write)':28} {chars / importing:>10,.0f} chars/s  "
        f"({importing * 1000:.0f} ms)  = {bare / importing:.2f} × jieba, SQLite"
    )


def _import_seconds(paths):
    """Seconds to read, extract and write every seed page into an empty SQLite database."""
    import django
    from django.core.management import call_command

    django.setup()
    manifest = str(ROOT / "seeds" / "manifest.csv")

    def run():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(ROOT / "fixtures" / "roles.json"), verbosity=0)
        start = time.perf_counter()
        call_command("import_stories", *paths, manifest=manifest, stdout=io.StringIO())
        return time.perf_counter() - start

    call_command("migrate", verbosity=0)
    return min(run() for _ in range(3))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        sys.exit(main())
