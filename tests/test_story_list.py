"""The story list's filters and facets, the home page, the API and CSV of the same list.

Every test runs on SQLite and on PostgreSQL (`make test`). Stories are published unless a
test says otherwise; places are made with factories and linked explicitly.
"""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_person,
    make_role,
    make_story,
    make_story_community,
    make_story_district,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")
HOME = reverse("stories:home")
API = reverse("stories:api")
CSV = reverse("stories:csv")
D = datetime.date


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def listed(response):
    return sorted(story.title for story in response.context["stories"])


def facet(response, name):
    """{option label: count} of one facet on the page."""
    for found in response.context["facets"]:
        if found.name == name:
            return {option.label: option.count for option in found.options}
    return {}


@pytest.fixture
def fengtai():
    """丰台区 with a street and a community, and a story linked by each path."""
    district = make_district(name="丰台区", code="110106")
    street = make_street(name="南苑街道", code="110106014", district=district)
    community = make_community(name="西宏苑社区", street=street)
    direct = make_published(title="直接")
    make_story_district(story=direct, district=district)
    by_street = make_published(title="经街道")
    make_story_street(story=by_street, street=street)
    by_community = make_published(title="经社区")
    make_story_community(story=by_community, community=community)
    elsewhere = make_published(title="别处")
    make_story_district(story=elsewhere, district=make_district(name="朝阳区"))
    return district


# District, street and community


@pytest.mark.parametrize("value", ["丰台区", "110106"])
def test_district_matches_direct_street_and_community_links(client, fengtai, value):
    response = client.get(LIST, {"district": value})
    assert listed(response) == ["直接", "经社区", "经街道"]


def test_a_story_linked_by_two_paths_is_listed_once(client, fengtai):
    story = Story.objects.get(title="直接")
    make_story_street(story=story, street=fengtai.streets.get())
    response = client.get(LIST, {"district": "丰台区"})
    assert response.context["paginator"].count == 3


def test_a_rejected_link_does_not_place_a_story(client, fengtai):
    Story.objects.get(title="经街道").street_links.update(is_rejected=True)
    assert listed(client.get(LIST, {"district": "丰台区"})) == ["直接", "经社区"]


def test_street_matches_its_communities(client, fengtai):
    response = client.get(LIST, {"street": "南苑街道"})
    assert listed(response) == ["经社区", "经街道"]


def test_community_filter(client, fengtai):
    assert listed(client.get(LIST, {"community": "西宏苑社区"})) == ["经社区"]


def test_a_shared_district_name_lists_all_and_offers_each_with_its_city(client):
    for city, code in (("南京市", "320106"), ("福州市", "350102")):
        district = make_district(name="鼓楼区", city=city, province=city, code=code)
        make_story_district(story=make_published(title=city), district=district)
    make_story_district(story=make_published(title="别处"))
    response = client.get(LIST, {"district": "鼓楼区"})
    content = response.content.decode()
    assert listed(response) == ["南京市", "福州市"]
    assert "有 2 个区县名为“鼓楼区”" in content
    assert "南京市鼓楼区" in content and "福州市鼓楼区" in content


def test_an_unknown_district_says_so_and_keeps_the_other_filters(client):
    role = make_role(name="志愿者")
    make_appearance(story=make_published(title="志愿者的"), role=role)
    make_published(title="别的")
    response = client.get(LIST, {"district": "不存在区", "role": "志愿者"})
    assert response.status_code == 400
    assert "没有找到区县“不存在区”" in response.content.decode()
    assert listed(response) == ["志愿者的"]


# Role


@pytest.fixture
def roles():
    secretary, volunteer = make_role(name="社区书记"), make_role(name="志愿者")
    make_appearance(story=make_published(title="书记"), role=secretary)
    make_appearance(story=make_published(title="志愿者"), role=volunteer)
    both = make_published(title="两者")
    make_appearance(story=both, role=secretary)
    make_appearance(story=both, role=volunteer)
    make_published(title="无人")
    return secretary, volunteer


def test_role_filter(client, roles):
    assert listed(client.get(LIST, {"role": "社区书记"})) == ["两者", "书记"]


def test_several_roles_match_any_of_them(client, roles):
    response = client.get(LIST, {"role": ["社区书记", "志愿者"]})
    assert listed(response) == ["两者", "书记", "志愿者"]


def test_a_rejected_appearance_does_not_give_its_role(client, roles):
    Story.objects.get(title="书记").appearances.update(is_rejected=True)
    assert listed(client.get(LIST, {"role": "社区书记"})) == ["两者"]


def test_an_unknown_role_says_so(client, roles):
    response = client.get(LIST, {"role": ["社区书记", "宇航员"]})
    assert response.status_code == 400
    assert "没有名为“宇航员”的角色类别" in response.content.decode()


# Dates: a story matches when its date range overlaps the asked one


@pytest.fixture
def dated():
    make_published(title="二月上旬", date_start=D(2020, 2, 1), date_end=D(2020, 2, 10))
    make_published(title="一月到三月", date_start=D(2020, 1, 20), date_end=D(2020, 3, 1))
    make_published(title="三月五日", date_start=D(2020, 3, 5))
    make_published(title="无日期")


def test_date_range_overlap(client, dated):
    response = client.get(LIST, {"date_after": "2020-02-05", "date_before": "2020-02-28"})
    assert listed(response) == ["一月到三月", "二月上旬"]


def test_date_after_alone_includes_a_single_day_on_it(client, dated):
    assert listed(client.get(LIST, {"date_after": "2020-03-05"})) == ["三月五日"]


def test_date_before_alone(client, dated):
    assert listed(client.get(LIST, {"date_before": "2020-01-31"})) == ["一月到三月"]


@pytest.mark.parametrize("value", ["2020-13-01", "2020/02/01", "昨天", "2020-02-30"])
def test_a_malformed_date_says_so(client, dated, value):
    response = client.get(LIST, {"date_after": value})
    assert response.status_code == 400
    assert "日期格式应为 YYYY-MM-DD" in response.content.decode()
    assert response.context["paginator"].count == 4


def test_a_reversed_date_range_says_so(client, dated):
    response = client.get(LIST, {"date_after": "2020-03-01", "date_before": "2020-02-01"})
    assert "起始日期晚于截止日期" in response.content.decode()


def test_filters_combine(client, fengtai):
    role = make_role(name="社区书记")
    story = Story.objects.get(title="经社区")
    story.date_start = D(2020, 2, 1)
    story.save()
    make_appearance(story=story, role=role)
    make_appearance(story=Story.objects.get(title="别处"), role=role)
    make_appearance(story=Story.objects.get(title="直接"), role=role)
    params = {"district": "丰台区", "role": "社区书记", "date_after": "2020-01-01"}
    assert listed(client.get(LIST, params)) == ["经社区"]


def test_drafts_are_never_listed_whatever_the_filters(client, fengtai):
    make_story_district(story=make_story(title="草稿"), district=fengtai)
    assert "草稿" not in listed(client.get(LIST, {"district": "丰台区"}))


# Facets: each counts the stories that every other filter selects


def test_district_facet_counts_every_path_once(client, fengtai):
    response = client.get(LIST)
    assert facet(response, "district") == {"丰台区": 3, "朝阳区": 1}


def test_district_facet_ignores_its_own_filter(client, fengtai):
    response = client.get(LIST, {"district": "丰台区"})
    assert facet(response, "district") == {"丰台区": 3, "朝阳区": 1}
    assert facet(response, "street") == {"南苑街道": 2}


def test_role_facet_counts_under_the_district_filter(client, fengtai):
    secretary = make_role(name="社区书记")
    for title in ("直接", "经街道", "别处"):
        make_appearance(story=Story.objects.get(title=title), role=secretary)
    assert facet(client.get(LIST), "role") == {"社区书记": 3}
    assert facet(client.get(LIST, {"district": "丰台区"}), "role") == {"社区书记": 2}


def test_district_facet_counts_under_the_role_filter(client, fengtai):
    make_appearance(story=Story.objects.get(title="别处"), role=make_role(name="民警"))
    response = client.get(LIST, {"role": "民警"})
    assert facet(response, "district") == {"朝阳区": 1}


def test_year_facet_counts_a_story_in_every_year_it_spans(client):
    make_published(date_start=D(2020, 12, 20), date_end=D(2021, 1, 5))
    make_published(date_start=D(2021, 3, 1))
    make_published()
    response = client.get(LIST, {"date_after": "2021-01-01", "date_before": "2021-12-31"})
    assert facet(response, "year") == {"2020年": 1, "2021年": 2}


def test_facet_option_links_keep_the_other_filters(client, fengtai):
    make_appearance(story=Story.objects.get(title="直接"), role=make_role(name="志愿者"))
    response = client.get(LIST, {"district": "丰台区", "q": "", "page": "1"})
    roles = next(f for f in response.context["facets"] if f.name == "role")
    url = roles.options[0].url
    assert "district=" in url and "role=" in url and "page=" not in url
    assert listed(client.get(LIST + url)) == ["直接"]


def test_an_active_filter_is_removable_on_its_own(client, fengtai):
    make_appearance(story=Story.objects.get(title="直接"), role=make_role(name="志愿者"))
    response = client.get(LIST, {"district": "丰台区", "role": "志愿者"})
    removals = {f.label: f.remove_url for f in response.context["active_filters"]}
    assert listed(client.get(LIST + removals["角色"])) == ["直接", "经社区", "经街道"]
    assert listed(client.get(LIST + removals["区县"])) == ["直接"]


def test_empty_results_explain_themselves(client, fengtai):
    response = client.get(LIST, {"district": "丰台区", "date_after": "2030-01-01"})
    assert response.status_code == 200
    assert "没有符合这些条件的报道" in response.content.decode()


# Sorting


def test_sort_oldest_first(client, dated):
    response = client.get(LIST, {"sort": "oldest"})
    titles = [story.title for story in response.context["stories"]]
    assert titles == ["一月到三月", "二月上旬", "三月五日", "无日期"]


def test_an_unknown_sort_says_so(client, dated):
    response = client.get(LIST, {"sort": "random"})
    assert response.status_code == 400


# Search in the list


def test_search_narrows_the_list_and_marks_the_match(client):
    make_published(title="核酸检测点", body="社区开展核酸采样检测。")
    make_published(title="送菜上门", body="志愿者为居民送菜。")
    response = client.get(LIST, {"q": "核酸检测"})
    assert listed(response) == ["核酸检测点"]
    assert "<mark>" in response.content.decode()


def test_search_snippets_are_escaped(client):
    make_published(title="标题", body="<script>alert(1)</script>社区工作者")
    content = client.get(LIST, {"q": "社区"}).content.decode()
    assert "&lt;script&gt;" in content and "<script>alert" not in content


def test_search_combines_with_facets(client, fengtai):
    for story in Story.objects.filter(title__in=["直接", "别处"]):
        story.body = "核酸检测"
        story.save()  # the search index follows the story's save
    response = client.get(LIST, {"q": "核酸"})
    assert facet(response, "district") == {"丰台区": 1, "朝阳区": 1}


# Bad requests never break the page


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999999999999"},
        {"q": "社区\x00"},
        {"district": "\x00"},
        {"q": "社" * 5000},
        {"q": '"*OR NEAR( -'},
        {"district": "丰台区" * 100},
        {"role": ""},
        {"date_after": "9999-12-31"},
        {"date_before": "0001-01-01"},
    ],
)
def test_odd_parameters_never_give_a_server_error(client, fengtai, params):
    assert client.get(LIST, params).status_code < 500
    assert client.get(API, params).status_code < 500


# The home page


def test_home_counts_what_the_archive_holds(client, fengtai):
    person = make_person()
    make_appearance(story=Story.objects.get(title="直接"), person=person)
    make_appearance(story=Story.objects.get(title="经街道"), person=person)
    make_appearance(story=make_story(title="草稿"))
    response = client.get(HOME)
    assert response.context["totals"] == {
        "stories": 4,
        "people": 1,
        "communities": 1,
        "districts": 2,
    }


def test_home_offers_entry_points_by_district_role_and_year(client, fengtai):
    story = Story.objects.get(title="直接")
    story.date_start = D(2020, 2, 1)
    story.save()
    make_appearance(story=story, role=make_role(name="社区书记"))
    content = client.get(HOME).content.decode()
    assert "?district=110106" in content
    assert "?role=%E7%A4%BE%E5%8C%BA%E4%B9%A6%E8%AE%B0" in content
    assert "?date_after=2020-01-01&amp;date_before=2020-12-31" in content


# The API and the CSV: the same filters, the export shape, private names masked


def test_api_gives_the_filtered_list_in_the_export_shape(client, fengtai):
    data = client.get(API, {"district": "丰台区"}).json()
    assert data["count"] == 3
    assert sorted(story["title"] for story in data["results"]) == ["直接", "经社区", "经街道"]
    first = data["results"][0]
    assert {"id", "title", "body", "districts", "people", "date_start", "url"} <= first.keys()
    assert first["url"].startswith("http://testserver/stories/")


def test_api_pages_link_to_each_other_and_keep_the_filters(client, fengtai):
    first = client.get(API, {"district": "丰台区", "page_size": 2}).json()
    assert first["previous"] is None
    assert "district=" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert "page=" not in second["previous"] or "page=1" in second["previous"]


@pytest.mark.parametrize("params", [{"page_size": "0"}, {"page_size": "1000"}, {"page": "x"}])
def test_api_bad_paging_is_a_json_error(client, params):
    response = client.get(API, params)
    assert response.status_code in {400, 404}
    assert "errors" in response.json()


def test_api_bad_filter_is_a_json_error_naming_the_field(client):
    response = client.get(API, {"date_after": "nonsense"})
    assert response.status_code == 400
    assert "date_after" in response.json()["errors"]


@pytest.fixture
def private_resident_story():
    resident = make_person(name="钱秀英", is_name_public=False)
    story = make_published(title="钱秀英的一天", body="居民钱秀英说：“谢谢社区。”")
    make_appearance(story=story, person=resident, title="居民")
    return story


def test_api_masks_private_residents(client, private_resident_story):
    response = client.get(API)
    text = response.content.decode()
    assert "钱某" in text and "秀英" not in text


def test_csv_masks_private_residents_and_opens_in_spreadsheets(client, private_resident_story):
    response = client.get(CSV)
    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeffid,")
    assert "钱某" in text and "秀英" not in text


def test_csv_applies_the_filters(client, fengtai):
    response = client.get(CSV, {"district": "丰台区"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert sorted(row["title"] for row in rows) == ["直接", "经社区", "经街道"]


def test_api_and_csv_never_include_drafts(client):
    make_story(title="草稿标题")
    assert "草稿标题" not in json.dumps(client.get(API).json(), ensure_ascii=False)
    assert "草稿标题" not in b"".join(client.get(CSV).streaming_content).decode()


# Query budgets: the same at 3 and 30 stories


SIZES = [3, 30]


def make_rich_stories(size):
    """`size` stories in one district, each with a street, a community, a role, a date, a
    byline and a text date."""
    district = make_district(name="丰台区", code="110106")
    street = make_street(district=district)
    role = make_role(name="社区书记")
    for number in range(size):
        story = make_published(
            date_start=D(2020, 2, 1) + datetime.timedelta(days=number),
            byline=[{"role": "记者", "name": f"记者{number}"}],
            dates=["2020-02"],
        )
        make_story_district(story=story, district=district)
        make_story_street(story=story, street=street)
        make_story_community(story=story, community=make_community(street=street))
        make_appearance(story=story, role=role)
    return street


@pytest.mark.parametrize("size", SIZES)
def test_list_query_count_is_fixed(client, size, django_assert_num_queries):
    make_rich_stories(size)
    # The count, the page of stories with their sources, their district links and their
    # appearances, then one query for each facet: district, role, year.
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert len(response.context["stories"]) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_filtered_list_query_count_is_fixed(client, size, django_assert_num_queries):
    street = make_rich_stories(size)
    params = {
        "district": "丰台区",
        "street": street.name,
        "role": "社区书记",
        "date_after": "2020-01-01",
        "date_before": "2021-12-31",
    }
    # Looking up the district, the street and the role; the count, the page, district
    # links, appearances; the facets of district, street, community, role and year.
    with django_assert_num_queries(12):
        response = client.get(LIST, params)
    assert response.context["paginator"].count == size


@pytest.mark.parametrize("size", SIZES)
def test_home_query_count_is_fixed(client, size, django_assert_num_queries):
    make_rich_stories(size)
    # Districts facet, the three totals, the newest stories with district links and
    # appearances, roles and years.
    with django_assert_num_queries(9):
        client.get(HOME)


@pytest.mark.parametrize("size", SIZES)
def test_api_query_count_is_fixed(client, size, django_assert_num_queries):
    make_rich_stories(size)
    # The count, the page with sources, then its four kinds of place link, appearances,
    # bylines and text dates.
    with django_assert_num_queries(9):
        data = client.get(API).json()
    assert len(data["results"]) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_csv_query_count_is_fixed(client, size, django_assert_num_queries):
    make_rich_stories(size)
    with django_assert_num_queries(8):
        rows = b"".join(client.get(CSV).streaming_content).decode().splitlines()
    assert len(rows) == size + 1


def test_a_district_may_be_named_without_its_suffix(client, fengtai):
    response = client.get(LIST, {"district": "丰台"})
    assert listed(response) == ["直接", "经社区", "经街道"]


def test_a_prefix_several_districts_share_offers_each(client, fengtai):
    make_district(name="丰台县", city="某市", province="某省", code="999901")
    content = client.get(LIST, {"district": "丰台"}).content.decode()
    assert "有 2 个区县的名称以“丰台”开头" in content


@pytest.mark.parametrize("page_size", [3, 30])
def test_api_query_count_does_not_grow_with_the_page_size(
    client, page_size, django_assert_num_queries
):
    make_rich_stories(30)
    with django_assert_num_queries(9):
        data = client.get(API, {"page_size": page_size}).json()
    assert len(data["results"]) == page_size
