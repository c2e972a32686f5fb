"""Score the extraction pipeline against the hand-annotated gold pages.

Run ``python -m tests.scoring`` from the project root: ``--verbose`` lists per-story misses,
``--only NAME`` scores one page (file name or stem), ``--set NAME`` one set (repeatable),
``--strict`` exits 1 when a seed target fails (otherwise the report always exits 0). Gold:
``tests/data/<set>/*.json`` for the sets in ``tests.gold.DATASETS`` (the seed pages are in
``seeds/``, every other set's pages and manifest beside its gold), read by ``tests/gold.py``;
``tests/data/ANNOTATION.md`` says how they were annotated and where each set came from. This
module holds the matching, the metrics and the report.

Contract:

- Each page is read with ``stories.pipeline.reading.read_page`` and parsed with
  ``stories.pipeline.parse_page(text, filename=..., meta=PageMeta(...))``, the meta filled
  from the manifest row.
- Strings are compared folded: NFKC, whitespace removed, curly and corner quotes made
  straight, traditional characters made simplified (OpenCC t2s), pinyin glosses inside words
  (長(zhǎng)青村) dropped. Script, punctuation width and glosses are never errors. Titles
  are compared without punctuation and symbols as well.
- Stories pair one-to-one in page order, in two passes: every gold story first takes the first
  unused predicted story whose body contains its ``body_start``; the gold stories left then take
  the first unused predicted story with an equal title. Body first, because the ``■`` items of
  a group share the group heading as their title.
- People are the story's ``people`` and its ``mentioned`` (a quoted national leader, whom the
  annotation counts as a person of category 其他). An organisation offers its name and its
  ``aliases`` (the page's short forms of it).
- Items pair one-to-one within a story (maximum matching). A gold item is a tuple of variants,
  a predicted item a tuple of names; they match when they share a folded string. A predicted
  street offers its ``name`` and its ``mention``; only streets with ``is_inferred == False`` are
  scored, while districts are scored named and inferred alike. Repeated predictions count once,
  and so does an entity predicted under several of its gold variants.
- Unmatched gold stories count all their items as false negatives, unmatched predicted
  stories all theirs as false positives. Everything is micro-averaged over stories.
- Role accuracy is over people paired by name: the predicted category (a Role slug) hits when
  ``fixtures/roles.json`` gives that slug to the gold category's name. Title match rate is
  over paired people whose gold has titles: a hit when the predicted ``title`` or one of
  ``titles`` is among the gold variants. Age accuracy is over paired people where either
  side states an age. Date range is over paired stories: both ``date_start`` and
  ``date_end`` equal (gold null equals "").
- Baseline: plain jieba (a fresh default ``Tokenizer``, so no pipeline dictionary leaks in),
  the distinct tokens tagged ``nr`` in ``title + "\\n" + text`` of each gold story. The text is
  cut from the page (whitespace removed) at the story's ``body_start`` and ends at the next gold
  story's title or ``body_start``, whichever comes first. It uses the gold segmentation, so it
  measures name tagging alone; an OCR tail printed elsewhere on the page stays with the story
  printed before it.
"""

import argparse
import functools
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jieba
import jieba.posseg
import opencc

import stories.pipeline as pipeline
from stories.pipeline.reading import read_page, without_glosses
from stories.pipeline.records import PageMeta, PageRecord, PersonMention, StoryRecord
from tests.gold import (
    DATASETS,
    FIELDS,
    ROLE_SLUGS,
    GoldPage,
    GoldStory,
    Variants,
    check_gold,
    load_manifest,
)

TARGETS = {
    "stories": 0.95,
    "people": 0.95,
    "role": 0.90,
    "communities": 0.90,
    "streets": 0.90,
    "districts": 0.90,
    "organizations": 0.90,
    "dates": 0.95,
}
_QUOTES = str.maketrans("“”「」『』‘’", "\"\"\"\"''''")
_T2S = opencc.OpenCC("t2s")
_ROLE_NAMES = {slug: name for name, slug in ROLE_SLUGS.items()}  # for --verbose lines


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other):
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Ratio:
    hits: int = 0
    total: int = 0

    def __add__(self, other):
        return Ratio(self.hits + other.hits, self.total + other.total)

    @property
    def value(self):
        return self.hits / self.total if self.total else None


@dataclass
class Score:
    """Sums of counts and ratios; ``misses`` holds readable lines for ``--verbose``."""

    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    stories: Counts = Counts()
    role: Ratio = Ratio()
    title: Ratio = Ratio()
    age: Ratio = Ratio()
    date_range: Ratio = Ratio()
    baseline: Counts = Counts()
    misses: list[str] = field(default_factory=list)

    def add(self, other):
        for name in FIELDS:
            self.counts[name] += other.counts[name]
        for name in ("stories", "role", "title", "age", "date_range", "baseline"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)


# --- folding and matching -------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def fold(text):
    """The form every compared string takes: see the module docstring."""
    text = unicodedata.normalize("NFKC", without_glosses(text or "")).translate(_QUOTES)
    return _T2S.convert("".join(text.split()))


def fold_title(text):
    return "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LN")


def match_items(gold: Sequence[Variants], predicted: Sequence[Variants]) -> list[tuple[int, int]]:
    """Maximum one-to-one pairing (Kuhn's augmenting paths) of items sharing a folded string."""
    gold_sets = [{fold(v) for v in item if v} for item in gold]
    pred_sets = [{fold(v) for v in item if v} for item in predicted]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(gi, seen):
        for pi, names in enumerate(pred_sets):
            if pi not in seen and names & gold_sets[gi]:
                seen.add(pi)
                if pi not in owner or augment(owner[pi], seen):
                    owner[pi] = gi
                    return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


def distinct(items: Iterable[Variants]) -> list[Variants]:
    """Predicted items without repeats (same folded names), first occurrence kept."""
    seen, kept = set(), []
    for item in items:
        key = frozenset(fold(v) for v in item if v)
        if key and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def count_items(gold, predicted) -> tuple[Counts, list[Variants], list[Variants]]:
    """Counts and the unmatched gold and predicted items (for ``--verbose``).

    A predicted item left unpaired that shares a name with some gold item only repeats that
    item under another of its variants (工行丰台支行 beside 中国工商银行丰台支行): it is
    neither a hit nor a false positive.
    """
    pairs = match_items(gold, predicted)
    gold_hit, pred_hit = {g for g, _ in pairs}, {p for _, p in pairs}
    known = {fold(v) for item in gold for v in item}
    missed = [g for i, g in enumerate(gold) if i not in gold_hit]
    extra = [
        p for i, p in enumerate(predicted) if i not in pred_hit and not known & {fold(v) for v in p}
    ]
    return Counts(len(pairs), len(extra), len(missed)), missed, extra


def match_stories(gold: Sequence[GoldStory], predicted: Sequence[StoryRecord]):
    """Pairs (gold index, predicted index): body_start containment first, then equal titles."""
    bodies = [fold(story.body) for story in predicted]
    titles = [fold_title(story.title) for story in predicted]
    pairs: dict[int, int] = {}
    for gi, story in enumerate(gold):
        key = fold(story.body_start)
        _pair(pairs, gi, [i for i, body in enumerate(bodies) if key and key in body])
    for gi, story in enumerate(gold):
        key = fold_title(story.title)
        if gi not in pairs:
            _pair(pairs, gi, [i for i, title in enumerate(titles) if key and title == key])
    return sorted(pairs.items())


def _pair(pairs: dict[int, int], gi: int, candidates: list[int]) -> None:
    """Give gold story ``gi`` the first candidate no other gold story holds."""
    taken = set(pairs.values())
    free = [i for i in candidates if i not in taken]
    if free:
        pairs[gi] = free[0]


# --- scoring --------------------------------------------------------------------------


def predicted_items(story: StoryRecord | None) -> dict[str, list[Variants]]:
    if story is None:
        return {name: [] for name in FIELDS}
    streets = [(s.name, s.mention) for s in story.streets if not s.is_inferred]
    return {
        # The annotation counts a quoted national leader as a person (其他); the pipeline
        # keeps such people apart as mentions, which are scored as people.
        "people": distinct((p.name,) for p in (*story.people, *story.mentioned)),
        "communities": distinct((c.name,) for c in story.communities),
        "streets": distinct(streets),
        "districts": distinct((d.name,) for d in story.districts),
        # An organisation offers its full name and the short forms the page gave it.
        "organizations": distinct((o.name, *o.aliases) for o in story.organizations),
        "bylines": distinct((b.name,) for b in story.byline),
        "dates": distinct((d,) for d in story.dates),
    }


def gold_items(story: GoldStory | None) -> dict[str, tuple[Variants, ...]]:
    if story is None:
        return dict.fromkeys(FIELDS, ())
    return {"people": tuple((p.name,) for p in story.people), **story.items}


def score_people(gold: GoldStory, pred: StoryRecord, label: str) -> Score:
    """Role, title and age figures over the people paired by name."""
    score = Score()
    first_mentions: dict[str, PersonMention] = {}
    for person in (*pred.people, *pred.mentioned):
        first_mentions.setdefault(fold(person.name), person)
    pred_people = list(first_mentions.values())
    pairs = match_items([(p.name,) for p in gold.people], [(p.name,) for p in pred_people])
    for gi, pi in pairs:
        want, got = gold.people[gi], pred_people[pi]
        hit = got.role_category == ROLE_SLUGS[want.role_category]
        score.role += Ratio(hit, 1)
        if not hit:
            got_name = _ROLE_NAMES.get(got.role_category, got.role_category or "—")
            score.misses.append(f"{label} role {want.name}: {got_name} ≠ {want.role_category}")
        titles = {fold(v) for t in want.titles for v in t}
        if titles:
            score.title += Ratio(bool(titles & {fold(t) for t in (got.title, *got.titles) if t}), 1)
        if want.age is not None or got.age is not None:
            score.age += Ratio(want.age == got.age, 1)
    return score


def score_story(gold: GoldStory | None, pred: StoryRecord | None, label: str) -> Score:
    """Counts for one story pair; either side may be missing (an unmatched story)."""
    score = Score()
    want, got = gold_items(gold), predicted_items(pred)
    for name in FIELDS:
        counts, missed, extra = count_items(want[name], got[name])
        score.counts[name] = counts
        if missed or extra:
            fn = ", ".join("/".join(v) for v in missed) or "—"
            fp = ", ".join("/".join(v) for v in extra) or "—"
            score.misses.append(f"{label} {name} FN: {fn} | FP: {fp}")
    if gold is not None and pred is not None:
        score.add(score_people(gold, pred, label))
        same = (pred.date_start or None, pred.date_end or None) == (gold.date_start, gold.date_end)
        score.date_range = Ratio(same, 1)
    return score


def score_page(gold: GoldPage, record: PageRecord) -> Score:
    score = Score()
    pairs = match_stories(gold.stories, record.stories)
    score.stories = Counts(
        len(pairs), len(record.stories) - len(pairs), len(gold.stories) - len(pairs)
    )
    paired_gold, paired_pred = dict(pairs), {pi for _, pi in pairs}
    for gi, story in enumerate(gold.stories):
        pred = record.stories[paired_gold[gi]] if gi in paired_gold else None
        label = f"[{gold.source} #{gi} {story.label[:24]}]"
        if pred is None:
            score.misses.append(f"{label} story not found")
        score.add(score_story(story, pred, label))
    for pi, pred in enumerate(record.stories):
        if pi not in paired_pred:
            label = f"[{gold.source} predicted #{pi} {(pred.title or pred.body)[:24]}]"
            score.misses.append(f"{label} story not in gold")
            score.add(score_story(None, pred, label))
    return score


# --- baseline -------------------------------------------------------------------------


def gold_segments(text: str, stories: Sequence[GoldStory]) -> list[str]:
    """Each gold story's text, cut from the page as the module docstring says ("" if lost)."""
    flat = "".join(text.split())
    starts = [flat.find("".join(s.body_start.split())) for s in stories]
    segments = []
    for i, start in enumerate(starts):
        if start < 0:
            segments.append("")
            continue
        ends = [s for j, s in enumerate(starts) if j != i and s > start]
        for j, story in enumerate(stories):
            title = "".join(story.title.split())
            if j != i and title and (pos := flat.find(title, start + 1)) > start:
                ends.append(pos)
        segments.append(flat[start : min(ends, default=len(flat))])
    return segments


@functools.cache
def _plain_tagger():
    jieba.setLogLevel(60)  # silence the dictionary-loading chatter
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def baseline_names(text: str) -> list[Variants]:
    """Distinct tokens plain jieba tags ``nr`` (person name)."""
    return distinct((pair.word,) for pair in _plain_tagger().cut(text) if pair.flag == "nr")


def score_baseline(gold: GoldPage, text: str) -> Counts:
    counts = Counts()
    for story, segment in zip(gold.stories, gold_segments(text, gold.stories), strict=True):
        names = baseline_names(f"{story.title}\n{segment}")
        counts += count_items([(p.name,) for p in story.people], names)[0]
    return counts


# --- datasets and report --------------------------------------------------------------


def score_dataset(pages: Sequence[GoldPage], metas: dict[str, PageMeta]) -> tuple[Score, list[str]]:
    """Run the pipeline on every page and sum the scores; also the gold's own slips."""
    total, problems = Score(), []
    for gold in pages:
        meta = metas.get(gold.source, PageMeta())
        text = read_page(gold.page_path).text
        problems += check_gold(gold, text, meta.year or gold.dated_year())
        record = pipeline.parse_page(text, filename=gold.source, meta=meta)
        total.add(score_page(gold, record))
        total.baseline += score_baseline(gold, text)
    return total, problems


def _rows(score: Score) -> list[tuple[str, Counts | Ratio, str]]:
    """(label, figure, key) in report order; the key names the target, if any."""
    fields = [(name, score.counts[name], name) for name in FIELDS[1:]]
    return [
        ("stories", score.stories, "stories"),
        ("people", score.counts["people"], "people"),
        ("jieba posseg nr (baseline)", score.baseline, "baseline"),
        *fields,
        ("role category accuracy", score.role, "role"),
        ("title match rate", score.title, "title"),
        ("age accuracy", score.age, "age"),
        ("date_start/date_end exact", score.date_range, "date_range"),
    ]


def _value(figure: Counts | Ratio) -> float | None:
    return figure.f1 if isinstance(figure, Counts) else figure.value


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def failed_targets(score: Score) -> list[str]:
    """Keys of the targets missed; a rate nobody could measure counts as missed."""
    rows = _rows(score)
    return [key for _, fig, key in rows if key in TARGETS and (_value(fig) or 0.0) < TARGETS[key]]


def report(score: Score, with_targets: bool) -> list[str]:
    """The table for one dataset: P, R and F1 (or the rate), then target and PASS/FAIL."""
    head = f"{'':28}{'P':>7}{'R':>7}{'F1':>7}" + (f"{'target':>9}" if with_targets else "")
    lines = [head, "-" * (len(head) + 6)]
    for label, figure, key in _rows(score):
        value = _value(figure)
        p, r = (
            (_fmt(figure.precision), _fmt(figure.recall))
            if isinstance(figure, Counts)
            else ("", "")
        )
        line = f"{label:28}{p:>7}{r:>7}{_fmt(value):>7}"
        if with_targets and key in TARGETS:
            verdict = "PASS" if (value or 0.0) >= TARGETS[key] else "FAIL"
            line += f"{'≥' + format(TARGETS[key], '.2f'):>9}  {verdict}"
        elif with_targets and key == "baseline":
            line += f"{'—':>9}"
        lines.append(line)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.scoring", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a seed target fails")
    parser.add_argument("--verbose", action="store_true", help="list per-story misses")
    parser.add_argument("--only", metavar="NAME", help="score one page (file name or stem)")
    parser.add_argument(
        "--set",
        action="append",
        choices=[d.name for d in DATASETS],
        help="score this set only (repeatable); default: every set",
    )
    args = parser.parse_args(argv)
    chosen = [(d, d.gold_pages(args.only)) for d in DATASETS if not args.set or d.name in args.set]
    if not any(pages for _, pages in chosen):
        parser.error(f"no gold page called {args.only}")
    failed = []
    for dataset, pages in chosen:
        if not pages:
            continue
        score, problems = score_dataset(pages, load_manifest(dataset.manifest))
        is_seeds = dataset.name == "seeds"
        stories = sum(len(g.stories) for g in pages)
        plural = "" if len(pages) == 1 else "s"
        print(f"{dataset.name}: {len(pages)} page{plural}, {stories} gold stories")
        print("\n".join(report(score, is_seeds)), end="\n\n")
        for line in problems:
            print(f"gold: {line}")
        if args.verbose:
            print("\n".join(score.misses), end="\n\n")
        if is_seeds:
            failed = failed_targets(score)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
