"""The public list's queries can use their indexes on PostgreSQL, so that at hundreds of
thousands of stories a page reads index entries, not the table (issue 9).

The tables here are tiny, and the planner reads a tiny table whole whatever indexes it has;
turning sequential scans off asks it to use an index whenever one fits the query, so a plan
without one means no index fits.
"""

import pytest
from django.db import connection

from stories.filters import StoryFilter
from stories.models import Story
from tests.factories import (
    make_appearance,
    make_district,
    make_role,
    make_story,
    make_story_district,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.fixture(autouse=True)
def stories():
    for _ in range(3):
        make_story(status=Story.Status.PUBLISHED)


def test_the_date_filters_read_the_date_index():
    filterset = StoryFilter(
        {"date_after": "2020-02-01", "date_before": "2020-03-01"},
        queryset=Story.objects.published(),
    )
    # Unordered: how the rows are found, not how an ordering index might walk the table.
    assert "stories_story_published_dates" in plan(filterset.qs.order_by())


def test_the_district_and_role_filters_read_the_link_indexes():
    district = make_district(name="丰台区", code="110106")
    role = make_role(slug="community-secretary")
    story = make_story(status=Story.Status.PUBLISHED)
    make_story_district(story=story, district=district)
    make_appearance(story=story, role=role)
    filterset = StoryFilter(
        {"district": "110106", "role": role.slug}, queryset=Story.objects.published()
    )
    assert list(filterset.qs) == [story]
    explained = plan(filterset.qs)
    assert "Seq Scan" not in explained, explained
