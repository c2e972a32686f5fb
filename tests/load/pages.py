"""The pages `make load` requests, with their ids, places, roles, dates and search terms taken
from what the served archive holds (its /api/stories.json), so every request names real rows.

No locust here: importing locust monkey-patches the whole process for gevent, so this module
stays plain Python, and tests/load/test_load_pages.py requests every kind of URL it builds
from the real views.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

API_PAGE_SIZE = 100  # the API's maximum
API_PAGES_SAMPLED = 5  # spread over the whole archive, not only the newest stories
API_PAGES_LOADED = 50  # the API pages the load asks for: the first 50, as a client pages on
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# Search page kind: the length of its query in characters.
SEARCHES = {"search, 1 character": 1, "search, 2 characters": 2, "search, 4 characters": 4}
# Page kind: how often it is asked for, relative to the others.
KINDS = {
    "list": 2,
    "list, district + role + dates": 2,
    **dict.fromkeys(SEARCHES, 1),
    "story": 3,
    "api": 2,
}


@dataclass(frozen=True)
class Filters:
    """A district, a role category and a date range that together select at least the story
    they were read from."""

    district: str
    role: str
    date_after: str
    date_before: str


@dataclass(frozen=True)
class Sample:
    story_ids: tuple[int, ...]
    filters: tuple[Filters, ...]
    terms: dict[int, tuple[str, ...]]  # search terms by their length in characters
    api_pages: int


class EmptyArchive(Exception):
    """The served archive has no published story that the load could ask for."""


def sample_api_pages(num_pages):
    """The API page numbers to read the sample from: the first, the last and some between."""
    count = min(num_pages, API_PAGES_SAMPLED)
    if count == 1:
        return [1]
    return sorted({1 + round(i * (num_pages - 1) / (count - 1)) for i in range(count)})


def sample_from(responses):
    """A Sample from decoded /api/stories.json responses (at least one, the first page)."""
    stories = [story for response in responses for story in response["results"]]
    if not stories:
        raise EmptyArchive("the archive has no published stories: nothing to load")
    titles = [story["title"] for story in stories]
    terms = {length: _terms(titles, length) for length in SEARCHES.values()}
    filters = tuple(f for f in map(_filters, stories) if f)
    if not all(terms.values()) or not filters:
        raise EmptyArchive(
            "the sampled stories have no title long enough to search for, or none has a "
            "district, a role category and a date: the load needs the scale corpus"
        )
    return Sample(
        story_ids=tuple(story["id"] for story in stories),
        filters=filters,
        terms=terms,
        api_pages=min(responses[0]["num_pages"], API_PAGES_LOADED),
    )


def url(kind, sample, rng):
    """A path of `kind` (a key of KINDS), its values drawn with `rng` (a random.Random)."""
    if kind == "list":
        return "/stories/"
    if kind == "list, district + role + dates":
        return "/stories/?" + urlencode(vars(rng.choice(sample.filters)))
    if kind in SEARCHES:
        return "/stories/?" + urlencode({"q": rng.choice(sample.terms[SEARCHES[kind]])})
    if kind == "story":
        return f"/stories/{rng.choice(sample.story_ids)}/"
    if kind == "api":
        return f"/api/stories.json?page={rng.randint(1, sample.api_pages)}"
    raise ValueError(f"unknown page kind {kind!r}")


def _terms(titles, length):
    """Every distinct run of `length` Chinese characters in the titles, in first-seen order."""
    found = {}
    for title in titles:
        for run in HAN_RUN.findall(title):
            for start in range(len(run) - length + 1):
                found.setdefault(run[start : start + length], None)
    return tuple(found)


def _filters(story):
    roles = [p["role_category"] for p in story["people"] if p["role_category"]]
    if not (story["districts"] and roles and story["date_start"]):
        return None
    return Filters(
        district=story["districts"][0],
        role=roles[0],
        date_after=story["date_start"],
        date_before=story["date_end"] or story["date_start"],
    )
