"""The hand-annotated gold pages, read into frozen records for tests/scoring.py.

Gold: ``tests/data/seeds/*.json`` (pages in ``seeds/``, metadata in ``seeds/manifest.csv``)
and ``tests/data/pages/*.json`` (pages and manifest beside them); ``tests/data/ANNOTATION.md``
says how they were annotated. Loading a file checks its schema (a ValueError names the file
and story); ``check_gold`` finds annotation slips against the page text. Nothing here runs
the pipeline or computes a metric, so the file formats and the metrics change apart.
"""

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stories.pipeline.records import PageMeta
from stories.pipeline.roles import FIXTURE as ROLES_FIXTURE

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# fmt: off
ROLE_CATEGORIES = frozenset((
    "社区书记", "社区工作者", "村干部", "下沉干部", "机关干部", "志愿者", "党员", "医护人员",
    "民警", "物业企业人员", "教师", "学生", "居民", "记者", "其他",
))
# fmt: on
# Gold names role categories as annotated (社区书记); the pipeline gives Role slugs
# (community-secretary), which the shipped fixture pairs with those names (issue 7).
ROLE_SLUGS = {
    row["fields"]["name"]: row["fields"]["slug"]
    for row in json.loads(ROLES_FIXTURE.read_text(encoding="utf-8"))
}
FIELDS = ("people", "communities", "streets", "districts", "organizations", "bylines", "dates")
VARIANT_FIELDS = ("communities", "streets", "districts", "organizations")
ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")

Variants = tuple[str, ...]


def variants(value) -> Variants:
    """A gold value (a string, or a list of acceptable variants) as a tuple of variants."""
    return tuple(value) if isinstance(value, list) else (value,)


@dataclass(frozen=True)
class GoldPerson:
    name: str
    titles: tuple[Variants, ...] = ()
    role_category: str = "其他"
    age: int | None = None


@dataclass(frozen=True)
class GoldStory:
    title: str
    body_start: str
    people: tuple[GoldPerson, ...] = ()
    items: dict[str, tuple[Variants, ...]] = field(default_factory=dict)  # FIELDS but people
    date_start: str | None = None
    date_end: str | None = None

    @property
    def label(self):
        return self.title or self.body_start


@dataclass(frozen=True)
class GoldPage:
    source: str
    page_path: Path
    stories: tuple[GoldStory, ...]

    def dated_year(self) -> int | None:
        """The year most of the gold dates fall in: the page's year when no manifest gives it
        (the annotator read it from the page, e.g. 二〇二一年十二月二十三日)."""
        years = Counter(int(v[:4]) for s in self.stories for (v,) in s.items["dates"])
        return years.most_common(1)[0][0] if years else None


def load_gold(path: Path, page_dir: Path) -> GoldPage:
    """One gold file; a ValueError names the file and story when the schema is broken."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    stories = tuple(_gold_story(raw, f"{path.name} #{i}") for i, raw in enumerate(doc["stories"]))
    return GoldPage(doc["source"], page_dir / doc["source"], stories)


def _gold_story(raw: dict, where: str) -> GoldStory:
    for date in raw["dates"]:
        if not ISO_DATE.fullmatch(date):
            raise ValueError(f"{where}: bad date {date!r}")
    items = {name: tuple(variants(v) for v in raw[name]) for name in VARIANT_FIELDS}
    items["bylines"] = tuple(dict.fromkeys((b["name"],) for b in raw["byline"]))
    items["dates"] = tuple(dict.fromkeys((d,) for d in raw["dates"]))
    people = tuple(_gold_person(p, where) for p in raw["people"])
    return GoldStory(
        raw["title"], raw["body_start"], people, items, raw["date_start"], raw["date_end"]
    )


def _gold_person(raw: dict, where: str) -> GoldPerson:
    if raw["role_category"] not in ROLE_CATEGORIES:
        raise ValueError(f"{where}: {raw['name']} has unknown role {raw['role_category']!r}")
    titles = tuple(variants(t) for t in raw["titles"])
    return GoldPerson(raw["name"], titles, raw["role_category"], raw["age"])


def load_manifest(path: Path) -> dict[str, PageMeta]:
    """Manifest rows by file name; empty cells stay empty (unknown)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        row["filename"]: PageMeta(
            publication=row["publication"],
            issue_date=row["issue_date"],
            year=int(row["year"]) if row["year"] else None,
            city=row["city"],
            home_district=row["home_district"],
        )
        for row in rows
    }


def date_range(dates: Iterable[str], year: int | None) -> tuple[str | None, str | None]:
    """Earliest and latest of the dates in ``year``; a month spans its whole month, so
    ``2020-01`` starts before ``2020-01-05`` and ends after it."""
    own = [d for d in dates if year is not None and d.startswith(f"{year}-")]
    if not own:
        return None, None
    return min(own, key=lambda d: f"{d}-00"[:10]), max(own, key=lambda d: f"{d}-99"[:10])


def check_gold(gold: GoldPage, text: str, year: int | None) -> list[str]:
    """Annotation slips: a body_start not found exactly once, a date range that disagrees."""
    flat = "".join(text.split())
    problems = []
    for i, story in enumerate(gold.stories):
        where = f"{gold.source} #{i}"
        found = flat.count("".join(story.body_start.split()))
        if found != 1:
            problems.append(f"{where}: body_start found {found} times: {story.body_start}")
        dates = [v for (v,) in story.items["dates"]]
        if date_range(dates, year) != (story.date_start, story.date_end):
            problems.append(f"{where}: date_start/date_end disagree with dates for {year}")
    return problems


@dataclass(frozen=True)
class Dataset:
    name: str
    gold_dir: Path
    page_dir: Path
    manifest: Path

    def gold_pages(self, only: str | None = None) -> list[GoldPage]:
        pages = [load_gold(p, self.page_dir) for p in sorted(self.gold_dir.glob("*.json"))]
        return [g for g in pages if only in (None, g.source, Path(g.source).stem)]


DATASETS = (
    Dataset("seeds", DATA / "seeds", ROOT / "seeds", ROOT / "seeds" / "manifest.csv"),
    Dataset("pages", DATA / "pages", DATA / "pages", DATA / "pages" / "manifest.csv"),
    Dataset("heldout", DATA / "heldout", DATA / "heldout", DATA / "heldout" / "manifest.csv"),
    # Real public news articles (issue 8), annotated without sight of the pipeline: the
    # development set, and the third held back to be scored only at the end.
    Dataset("real", DATA / "real", DATA / "real", DATA / "real" / "manifest.csv"),
    Dataset(
        "real-heldout",
        DATA / "real_heldout",
        DATA / "real_heldout",
        DATA / "real_heldout" / "manifest.csv",
    ),
)
