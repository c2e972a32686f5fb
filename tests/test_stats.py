"""The statistics page: what each chart counts, where each bar links, the empty archive,
and a query count that does not grow with the stories."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode

from stories import stats
from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_role,
    make_story,
    make_story_community,
    make_story_district,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

STATS = reverse("stories:stats")
LIST = reverse("stories:list")


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def dated(start, end=None, **fields):
    return make_published(date_start=start, date_end=end, **fields)


def counts(response, chart):
    """{bar name: count} for one chart in the page's context."""
    return {bar.name: bar.count for bar in response.context[chart].bars}


def href(**params):
    """A link to the filtered story list as it appears, escaped, in the page."""
    return f'<a href="{escape(f"{LIST}?{urlencode(params)}")}">'


# The timeline


def test_a_story_counts_in_every_month_its_date_range_overlaps(client):
    dated(datetime.date(2020, 1, 31), datetime.date(2020, 3, 1))
    dated(datetime.date(2020, 2, 10))
    # January: the first story; February: both; March: the first story, by its last day.
    assert counts(client.get(STATS), "timeline") == {
        "2020年1月": 1,
        "2020年2月": 2,
        "2020年3月": 1,
    }


def test_months_without_stories_are_empty_bars_that_link_nowhere(client):
    dated(datetime.date(2020, 1, 5))
    dated(datetime.date(2020, 4, 5))
    bars = client.get(STATS).context["timeline"].bars
    assert [(bar.name, bar.count, bool(bar.url)) for bar in bars] == [
        ("2020年1月", 1, True),
        ("2020年2月", 0, False),
        ("2020年3月", 0, False),
        ("2020年4月", 1, True),
    ]


def test_years_are_labelled_under_january_and_the_first_month(client):
    dated(datetime.date(2020, 10, 5))
    dated(datetime.date(2021, 1, 5))
    texts = client.get(STATS).context["timeline"].texts
    assert [text.text for text in texts] == ["2020年", "2021年"]


def test_a_first_month_just_before_january_gives_way_to_the_new_year(client):
    dated(datetime.date(2020, 12, 5))
    dated(datetime.date(2021, 1, 5))
    texts = client.get(STATS).context["timeline"].texts
    assert [text.text for text in texts] == ["2021年"]


def test_undated_stories_are_counted_apart_from_the_timeline(client):
    dated(datetime.date(2020, 2, 1))
    make_published()
    make_published()
    response = client.get(STATS)
    assert counts(response, "timeline") == {"2020年2月": 1}
    assert "另有 2 篇报道日期不详" in response.content.decode()


def test_only_undated_stories_give_no_timeline(client):
    make_published()
    response = client.get(STATS)
    assert response.context["timeline"] is None
    assert "另有 1 篇报道日期不详" in response.content.decode()


def test_a_month_bar_links_to_the_stories_of_that_month(client):
    dated(datetime.date(2020, 2, 10))
    content = client.get(STATS).content.decode()
    # 2020 is a leap year. Once in the chart, once in the table.
    assert content.count(href(date_after="2020-02-01", date_before="2020-02-29")) == 2


# Districts


def test_a_story_counts_once_for_its_district_however_it_is_linked(client):
    district = make_district(name="丰台区")
    street = make_street(district=district)
    story = make_published()
    make_story_district(story=story, district=district)
    make_story_street(story=story, street=street)
    make_story_community(story=story, community=make_community(street=street))
    only_through_street = make_published()
    make_story_street(story=only_through_street, street=street)
    only_through_community = make_published()
    make_story_community(story=only_through_community, community=make_community(street=street))
    assert counts(client.get(STATS), "district_chart") == {"北京市丰台区": 3}


def test_rejected_district_links_do_not_count(client):
    story = make_published()
    make_story_district(story=story, district=make_district(name="丰台区"))
    make_story_district(story=story, district=make_district(name="海淀区"), is_rejected=True)
    assert counts(client.get(STATS), "district_chart") == {"北京市丰台区": 1}


def test_districts_come_largest_first(client):
    small, large = make_district(name="海淀区"), make_district(name="丰台区")
    make_story_district(story=make_published(), district=small)
    for _ in range(2):
        make_story_district(story=make_published(), district=large)
    names = [bar.name for bar in client.get(STATS).context["district_chart"].bars]
    assert names == ["北京市丰台区", "北京市海淀区"]


@pytest.mark.parametrize(("code", "expected"), [("110106", "110106"), ("", "丰台区")])
def test_a_district_bar_links_by_code_or_else_by_name(client, code, expected):
    make_story_district(story=make_published(), district=make_district(name="丰台区", code=code))
    content = client.get(STATS).content.decode()
    assert content.count(href(district=expected)) == 2


def test_each_bar_carries_its_count_as_text(client):
    district = make_district(name="丰台区")
    for _ in range(2):
        make_story_district(story=make_published(), district=district)
    assert "<title>北京市丰台区：2 篇</title>" in client.get(STATS).content.decode()


def test_district_names_are_escaped(client):
    make_story_district(story=make_published(), district=make_district(name="<b>区</b>"))
    content = client.get(STATS).content.decode()
    assert "&lt;b&gt;区&lt;/b&gt;" in content
    assert "<b>区</b>" not in content


# Roles


def test_a_role_counts_each_story_once(client):
    volunteer = make_role(name="志愿者")
    story = make_published()
    make_appearance(story=story, role=volunteer)
    make_appearance(story=story, role=volunteer)
    make_appearance(story=make_published(), role=volunteer)
    assert counts(client.get(STATS), "role_chart") == {"志愿者": 2}


def test_rejected_appearances_do_not_count_for_a_role(client):
    make_appearance(story=make_published(), role=make_role(name="志愿者"))
    make_appearance(story=make_published(), role=make_role(name="社区书记"), is_rejected=True)
    assert counts(client.get(STATS), "role_chart") == {"志愿者": 1}


def test_a_role_bar_links_by_role_name(client):
    make_appearance(story=make_published(), role=make_role(name="社区书记"))
    content = client.get(STATS).content.decode()
    assert content.count(href(role="社区书记")) == 2


# Following a bar


def test_following_each_bar_lists_the_stories_it_counts(client):
    """Every bar's link, opened, lists as many stories as the bar says: the charts and the
    list's filters agree on districts through streets, roles and the month overlap."""
    district = make_district(name="丰台区", code="110106")
    role = make_role(name="志愿者")
    through_street = dated(datetime.date(2020, 1, 20), datetime.date(2020, 2, 3))
    make_story_street(story=through_street, street=make_street(district=district))
    make_appearance(story=through_street, role=role)
    direct = dated(datetime.date(2020, 2, 10))
    make_story_district(story=direct, district=district)
    make_story_district(story=dated(datetime.date(2020, 4, 1)))
    response = client.get(STATS)
    bars = [
        bar
        for chart in ("timeline", "district_chart", "role_chart")
        for bar in response.context[chart].bars
        if bar.url
    ]
    assert len(bars) == 6  # January, February, April; two districts; one role
    for bar in bars:
        assert client.get(bar.url).context["paginator"].count == bar.count, bar.name


# Only published stories


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.REVIEW])
def test_unpublished_stories_are_not_counted(client, status):
    district, role = make_district(name="丰台区"), make_role(name="志愿者")
    for story_status in (Story.Status.PUBLISHED, status):
        story = make_story(status=story_status, date_start=datetime.date(2020, 2, 1))
        make_story_district(story=story, district=district)
        make_appearance(story=story, role=role)
    make_story(status=status, date_start=datetime.date(2020, 5, 1))
    response = client.get(STATS)
    assert response.context["totals"] == {"total": 1, "undated": 0}
    assert counts(response, "timeline") == {"2020年2月": 1}
    assert counts(response, "district_chart") == {"北京市丰台区": 1}
    assert counts(response, "role_chart") == {"志愿者": 1}


def test_an_archive_without_published_stories_says_so(client):
    make_story(status=Story.Status.DRAFT, date_start=datetime.date(2020, 2, 1))
    response = client.get(STATS)
    content = response.content.decode()
    assert response.status_code == 200
    assert "档案中还没有已发布的报道" in content
    assert "<svg" not in content


# Geometry


def test_the_largest_bar_fills_the_bar_area_and_the_others_scale():
    chart = stats.horizontal_chart([("甲", 4, "/a"), ("乙", 1, "/b")])
    assert [bar.width for bar in chart.bars] == [stats.BAR_AREA, stats.BAR_AREA / 4]
    assert chart.height == 2 * stats.ROW_HEIGHT


def test_a_long_label_is_cut_in_the_chart_but_read_out_whole():
    name = "新疆维吾尔自治区伊犁哈萨克自治州霍尔果斯市"
    (bar,) = stats.horizontal_chart([(name, 1, "/a")]).bars
    assert bar.label == name[: stats.LABEL_CHARACTERS - 1] + "…"
    assert bar.title == f"{name}：1 篇"


def test_the_tallest_month_fills_the_plot_and_columns_share_a_baseline():
    chart = stats.timeline_chart([(datetime.date(2020, 1, 1), 2), (datetime.date(2020, 2, 1), 1)])
    first, second = chart.bars
    assert (first.height, second.height) == (
        stats.TIMELINE_PLOT_HEIGHT,
        stats.TIMELINE_PLOT_HEIGHT / 2,
    )
    assert first.y + first.height == second.y + second.height


def test_a_long_timeline_fits_the_width_and_drops_month_labels():
    # 2000-01 to 2019-12: 240 months of 3 units each, too narrow for a month number.
    months = [(datetime.date(2000, 1, 1), 1), (datetime.date(2019, 12, 1), 1)]
    chart = stats.timeline_chart(months)
    assert len(chart.bars) == 240
    assert chart.width == stats.TIMELINE_WIDTH
    assert {bar.label for bar in chart.bars} == {""}
    # A year label needs 40 units; a year is 36 here, so every other year is labelled.
    assert [text.text for text in chart.texts][:3] == ["2000年", "2002年", "2004年"]


# Query budget


SIZES = [3, 30]


@pytest.mark.parametrize("size", SIZES)
def test_stats_query_count_does_not_grow_with_stories(client, size, django_assert_num_queries):
    role = make_role()
    for index in range(size):
        street = make_street()
        story = dated(datetime.date(2020, 1 + index % 12, 1), datetime.date(2021, 1, 1))
        make_story_district(story=story, district=street.district)
        make_story_street(story=story, street=street)
        make_story_community(story=story, community=make_community(street=street))
        make_appearance(story=story, role=role)
        make_appearance(story=story, role=make_role())
    make_published()
    # The totals, then one aggregate each for the months, the districts and the roles.
    with django_assert_num_queries(4):
        response = client.get(STATS)
    assert len(response.context["district_chart"].bars) == min(size, stats.DISTRICT_CHART_SIZE)
    assert response.context["role_chart"].bars[0].count == size
