"""tests/load/pages.py: what `make load` asks for exists and answers 200, so a renamed route or
filter shows up here and not only as failures in a long load run."""

import datetime
import random

import pytest

from stories.models import Story
from tests.factories import make_appearance, make_role, make_story, make_story_district
from tests.load import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A published story with everything the load samples: a title of four or more
    characters, a district, a person with a role category, and a date range."""
    story = make_story(
        status=Story.Status.PUBLISHED,
        title="社区书记守护小区",
        date_start=datetime.date(2020, 2, 3),
        date_end=datetime.date(2020, 2, 9),
    )
    make_story_district(story=story)
    make_appearance(story=story, role=make_role())
    return story


def sample(client):
    response = client.get(f"/api/stories.json?page_size={pages.API_PAGE_SIZE}")
    return pages.sample_from([response.json()])


@pytest.mark.parametrize("kind", pages.KINDS)
def test_every_page_kind_answers_200(client, story, kind):
    path = pages.url(kind, sample(client), random.Random(1))
    assert client.get(path).status_code == 200


def test_the_filters_select_the_story_they_were_read_from(client, story):
    make_story(status=Story.Status.PUBLISHED, title="别的报道")
    path = pages.url("list, district + role + dates", sample(client), random.Random(1))
    assert list(client.get(path).context["stories"]) == [story]


@pytest.mark.parametrize("kind", pages.SEARCHES)
def test_search_terms_find_the_story_they_were_read_from(client, story, kind):
    make_story(status=Story.Status.PUBLISHED, title="别的报道")
    path = pages.url(kind, sample(client), random.Random(1))
    assert story in client.get(path).context["stories"]


def test_search_terms_are_runs_of_chinese_characters_of_each_length(client, story):
    assert sample(client).terms[4] == ("社区书记", "区书记守", "书记守护", "记守护小", "守护小区")


def test_an_empty_archive_is_refused(client):
    with pytest.raises(pages.EmptyArchive):
        sample(client)


def test_an_archive_without_filterable_stories_is_refused(client):
    make_story(status=Story.Status.PUBLISHED, title="没有地点的报道")
    with pytest.raises(pages.EmptyArchive):
        sample(client)


@pytest.mark.parametrize(
    ("num_pages", "sampled"),
    [
        (1, [1]),
        (2, [1, 2]),
        (5, [1, 2, 3, 4, 5]),
        (9, [1, 3, 5, 7, 9]),
        (1001, [1, 251, 501, 751, 1001]),
    ],
)
def test_the_sampled_api_pages_spread_from_first_to_last(num_pages, sampled):
    assert pages.sample_api_pages(num_pages) == sampled
