"""The public directory: people, organisations and places, with their filters, facet counts
and pages. Only what a published story shows through an active link is public."""

import datetime

import pytest
from django.urls import reverse

from people.models import Role
from stories.models import Story
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_organization,
    make_person,
    make_role,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

PEOPLE = reverse("people:list")
ORGANIZATIONS = reverse("people:organizations")
PLACES = reverse("places:index")
SIZES = [3, 30]


def make_published(**fields):
    return make_story(status=Story.Status.PUBLISHED, **fields)


def make_public_person(**fields):
    """A person with one active appearance in a published story."""
    appearance_fields = {
        name: fields.pop(name) for name in ("role", "title", "story") if name in fields
    }
    appearance_fields.setdefault("story", make_published())
    person = make_person(**fields)
    make_appearance(person=person, **appearance_fields)
    return person


def names(response, key="people"):
    return [row.public_name if key == "people" else row.name for row in response.context[key]]


def facet(response, title):
    """{option label: count} of the facet titled `title`."""
    (found,) = [facet for facet in response.context["facets"] if facet.title == title]
    return {option.label: option.count for option in found.options}


def problems(response):
    return [problem.message for problem in response.context["problems"]]


# /people/: who is listed


def test_people_list_shows_only_people_in_published_stories(client):
    make_public_person(name="已发布")
    make_appearance(person=make_person(name="只在草稿"), story=make_story())
    make_appearance(person=make_person(name="已否决"), story=make_published(), is_rejected=True)
    assert names(client.get(PEOPLE)) == ["已发布"]


def test_people_list_leaves_out_merged_people(client):
    survivor = make_public_person(name="保留")
    make_public_person(name="已合并", merged_into=survivor)
    assert names(client.get(PEOPLE)) == ["保留"]


def test_people_list_orders_by_published_stories_then_name(client):
    twice = make_public_person(name="乙")
    make_appearance(person=twice, story=make_published())
    make_appearance(person=twice, story=make_story())  # a draft does not count
    make_public_person(name="丙")
    make_public_person(name="甲")
    assert names(client.get(PEOPLE)) == ["乙", "丙", "甲"]  # 丙 U+4E19 < 甲 U+7532


def test_people_row_shows_latest_title_role_place_and_story_count(client):
    leader, worker = make_role(name="社区书记"), make_role(name="网格员")
    person = make_person(
        community=make_community(name="聚福苑社区"), organization=make_organization(name="卫健委")
    )
    for day, title, role in [(1, "网格员", worker), (9, "社区党委书记", leader), (5, "委员", None)]:
        story = make_published(date_start=datetime.date(2020, 2, day))
        make_appearance(person=person, story=story, title=title, role=role)
    make_appearance(person=person, story=make_story(), title="草稿里的职务", role=worker)
    content = client.get(PEOPLE).content.decode()
    row = content[content.index(person.get_absolute_url()) :].split("</tr>")[0]
    for text in ["社区党委书记", "社区书记", "聚福苑社区", "卫健委", "3 篇"]:
        assert text in row
    assert "草稿里的职务" not in row


def test_people_list_paginates(client):
    for _ in range(21):
        make_public_person()
    assert len(names(client.get(PEOPLE, {"page": 2}))) == 1


def test_people_list_page_out_of_range_is_friendly(client):
    make_public_person()
    response = client.get(PEOPLE, {"page": 5})
    assert response.status_code == 200
    assert "没有第 5 页。共 1 页。" in response.content.decode()


# /people/: filters and facets


@pytest.fixture
def town():
    """Two districts, two roles, four people:

    | person | district | roles          |
    | 甲     | 丰台区   | 社区书记       |
    | 乙     | 丰台区   | 志愿者         |
    | 丙     | 海淀区   | 社区书记, 志愿者 |
    | 丁     | 海淀区   | 志愿者         |
    """
    fengtai = make_district(name="丰台区", code="110106")
    haidian = make_district(name="海淀区", code="110108")
    leader, volunteer = make_role(name="社区书记"), make_role(name="志愿者")
    people = {}
    for name, district, roles in [
        ("甲", fengtai, [leader]),
        ("乙", fengtai, [volunteer]),
        ("丙", haidian, [leader, volunteer]),
        ("丁", haidian, [volunteer]),
    ]:
        person = make_person(
            name=name, community=make_community(street=make_street(district=district))
        )
        for role in roles:
            make_appearance(person=person, story=make_published(), role=role)
        people[name] = person
    return people


def test_role_filter(client, town):
    assert sorted(names(client.get(PEOPLE, {"role": "社区书记"}))) == ["丙", "甲"]


def test_role_filter_takes_several_roles(client, town):
    response = client.get(PEOPLE, {"role": ["社区书记", "志愿者"]})
    assert sorted(names(response)) == ["丁", "丙", "乙", "甲"]


def test_role_filter_ignores_roles_in_unpublished_appearances(client, town):
    make_appearance(person=town["丁"], story=make_story(), role=Role.objects.get(name="社区书记"))
    assert sorted(names(client.get(PEOPLE, {"role": "社区书记"}))) == ["丙", "甲"]


@pytest.mark.parametrize("value", ["丰台区", "110106", "北京市丰台区"])
def test_district_filter_by_name_code_or_city_and_name(client, town, value):
    assert sorted(names(client.get(PEOPLE, {"district": value}))) == ["乙", "甲"]


def test_district_filter_uses_the_organisation_for_people_without_a_community(client, town):
    fengtai = town["甲"].community.district
    make_public_person(name="戊", organization=make_organization(district=fengtai))
    assert sorted(names(client.get(PEOPLE, {"district": "丰台区"}))) == ["乙", "戊", "甲"]


def test_a_district_name_shared_by_two_cities_matches_both(client):
    for city, name in [("南京市", "甲"), ("福州市", "乙")]:
        district = make_district(name="鼓楼区", city=city, province=city)
        make_public_person(name=name, community=make_community(district=district))
    make_public_person(name="丙")
    assert sorted(names(client.get(PEOPLE, {"district": "鼓楼区"}))) == ["乙", "甲"]
    assert names(client.get(PEOPLE, {"district": "南京市鼓楼区"})) == ["甲"]


def test_role_and_district_filters_combined(client, town):
    response = client.get(PEOPLE, {"role": "志愿者", "district": "海淀区"})
    assert sorted(names(response)) == ["丁", "丙"]


def test_role_facet_counts_people_under_the_district_filter(client, town):
    response = client.get(PEOPLE, {"district": "海淀区"})
    assert facet(response, "角色类别") == {"志愿者": 2, "社区书记": 1}


def test_district_facet_counts_people_under_the_role_filter(client, town):
    response = client.get(PEOPLE, {"role": "社区书记"})
    assert facet(response, "区县") == {"北京市丰台区": 1, "北京市海淀区": 1}


def test_facets_without_filters_count_every_public_person(client, town):
    response = client.get(PEOPLE)
    assert facet(response, "角色类别") == {"志愿者": 3, "社区书记": 2}
    assert facet(response, "区县") == {"北京市丰台区": 2, "北京市海淀区": 2}


def test_facet_leaves_out_rejected_appearances(client, town):
    make_appearance(
        person=town["甲"], story=make_published(), role=make_role(name="医生"), is_rejected=True
    )
    assert "医生" not in facet(client.get(PEOPLE), "角色类别")


def test_a_selected_role_with_no_one_left_stays_removable(client, town):
    make_appearance(person=town["丁"], story=make_published(), role=make_role(name="医生"))
    response = client.get(PEOPLE, {"role": "医生", "district": "丰台区"})
    assert facet(response, "角色类别") == {"社区书记": 1, "志愿者": 1, "医生": 0}
    assert [option.label for option in response.context["active_filters"]] == [
        "医生",
        "北京市丰台区",
    ]


def test_each_active_filter_links_to_the_list_without_it(client, town):
    response = client.get(PEOPLE, {"role": ["社区书记", "志愿者"], "district": "110108"})
    links = {option.label: option.url for option in response.context["active_filters"]}
    leader, volunteer = "%E7%A4%BE%E5%8C%BA%E4%B9%A6%E8%AE%B0", "%E5%BF%97%E6%84%BF%E8%80%85"
    assert links == {
        "社区书记": f"?role={volunteer}&district=110108",
        "志愿者": f"?role={leader}&district=110108",
        "北京市海淀区": f"?role={leader}&role={volunteer}",
    }
    assert (
        f'href="?role={volunteer}&amp;district=110108" title="取消这个条件">角色类别：社区书记</a>'
        in (response.content.decode())
    )


def test_facet_links_add_to_the_filters_and_go_back_to_page_one(client, town):
    response = client.get(PEOPLE, {"role": "社区书记", "page": "1"})
    (haidian,) = [o for o in response.context["facets"][1].options if o.label == "北京市海淀区"]
    assert haidian.url == "?role=%E7%A4%BE%E5%8C%BA%E4%B9%A6%E8%AE%B0&district=110108"


def test_unknown_district_shows_a_message(client, town):
    response = client.get(PEOPLE, {"district": "朝阳区", "role": "社区书记"})
    assert response.status_code == 200
    assert problems(response) == [
        "没有找到区县“朝阳区”。请检查名称或区划代码，或从下面的选项中选择。"
    ]
    assert "没有找到区县“朝阳区”" in response.content.decode()
    # The role filter still applies, and the message offers the list without the district.
    assert sorted(names(response)) == ["丙", "甲"]
    assert response.context["problems"][0].url == "?role=%E7%A4%BE%E5%8C%BA%E4%B9%A6%E8%AE%B0"


def test_unknown_role_shows_a_message(client, town):
    response = client.get(PEOPLE, {"role": ["社区书记", "宇航员"]})
    assert response.status_code == 200
    assert problems(response) == ["没有名为“宇航员”的角色类别。请从下面的角色类别中选择。"]


def test_unknown_value_is_escaped_in_the_message(client):
    content = client.get(PEOPLE, {"district": "<b>区</b>"}).content.decode()
    assert "没有找到区县“&lt;b&gt;区&lt;/b&gt;”" in content


# /people/<id>/


def test_person_page_lists_appearances_over_time_undated_last(client):
    person = make_person()
    dates = {"三月": datetime.date(2020, 3, 1), "无日期": None, "一月": datetime.date(2020, 1, 5)}
    for title, date in dates.items():
        make_appearance(person=person, story=make_published(title=title, date_start=date))
    make_appearance(person=person, story=make_story(title="草稿"))
    make_appearance(person=person, story=make_published(title="否决"), is_rejected=True)
    response = client.get(person.get_absolute_url())
    titles = [appearance.story.title for appearance in response.context["appearances"]]
    assert titles == ["一月", "三月", "无日期"]


def test_person_page_shows_titles_role_age_and_story(client):
    person = make_person()
    story = make_published(title="守门人", date_start=datetime.date(2020, 2, 3))
    make_appearance(
        person=person,
        story=story,
        title="党委书记",
        titles=["党委书记", "居委会主任"],
        role=make_role(name="社区书记"),
        age=52,
    )
    content = client.get(person.get_absolute_url()).content.decode()
    item = content[content.index('<ol class="appearances">') :].split("</ol>")[0]
    for text in ["2020年2月3日", f'href="{story.get_absolute_url()}"', "守门人"]:
        assert text in item
    assert "党委书记、居委会主任（社区书记），52岁" in item


def test_person_page_links_community_and_organisation_only_when_public(client):
    public = make_community(name="有报道社区")
    organization = make_organization(name="无报道机构")
    person = make_public_person(community=public, organization=organization)
    make_story_community(story=make_published(), community=public)
    content = client.get(person.get_absolute_url()).content.decode()
    assert f'<a href="{public.get_absolute_url()}">有报道社区</a>' in content
    assert "无报道机构" in content
    assert organization.get_absolute_url() not in content


# /organizations/


def test_organization_list_shows_only_organisations_in_published_stories(client):
    make_story_organization(story=make_published(), organization=make_organization(name="已发布"))
    make_story_organization(story=make_story(), organization=make_organization(name="草稿"))
    make_story_organization(
        story=make_published(), organization=make_organization(name="否决"), is_rejected=True
    )
    assert names(client.get(ORGANIZATIONS), "organizations") == ["已发布"]


def test_organization_list_orders_by_story_count_and_shows_kind_and_district(client):
    hospital = make_organization(
        name="乙医院", kind="hospital", district=make_district(name="丰台区")
    )
    school = make_organization(name="甲学校", kind="school")
    for organization, count in [(hospital, 2), (school, 1)]:
        for _ in range(count):
            make_story_organization(story=make_published(), organization=organization)
    response = client.get(ORGANIZATIONS)
    assert names(response, "organizations") == ["乙医院", "甲学校"]
    content = response.content.decode()
    for text in ["医疗卫生机构", f'<a href="{hospital.district.get_absolute_url()}">', "2 篇"]:
        assert text in content


@pytest.fixture
def organizations():
    """Two hospitals and a school in published stories; a company only in a draft."""
    for name, kind in [("甲医院", "hospital"), ("乙医院", "hospital"), ("丙学校", "school")]:
        organization = make_organization(name=name, kind=kind)
        make_story_organization(story=make_published(), organization=organization)
    make_story_organization(story=make_story(), organization=make_organization(kind="company"))


def test_kind_filter_and_its_counts(client, organizations):
    response = client.get(ORGANIZATIONS, {"kind": "hospital"})
    assert sorted(names(response, "organizations")) == ["乙医院", "甲医院"]
    assert facet(response, "类型") == {"医疗卫生机构": 2, "学校": 1}


def test_unknown_kind_shows_a_message(client, organizations):
    response = client.get(ORGANIZATIONS, {"kind": "spaceship"})
    assert response.status_code == 200
    assert problems(response) == ["没有“spaceship”这种组织类型。请从下面的类型中选择。"]
    assert len(names(response, "organizations")) == 3


def test_organization_page_shows_district_aliases_and_public_people(client):
    district = make_district(name="丰台区")
    organization = make_organization(name="卫健委", district=district, aliases=["区卫健委"])
    story = make_published()
    make_story_organization(story=story, organization=organization)
    make_public_person(name="甲", organization=organization)
    appears_for = make_person(name="乙")
    make_appearance(person=appears_for, story=make_published(), organization=organization)
    make_appearance(person=make_person(name="丙", organization=organization), story=make_story())
    survivor = make_public_person(name="丁")
    make_public_person(name="戊", organization=organization, merged_into=survivor)
    response = client.get(organization.get_absolute_url())
    assert [person.name for person in response.context["people"]] == ["乙", "甲"]
    content = response.content.decode()
    assert f'<a href="{district.get_absolute_url()}">北京市丰台区</a>' in content
    assert "又称：区卫健委" in content


def test_organization_only_in_drafts_has_no_page(client):
    organization = make_organization()
    make_story_organization(story=make_story(), organization=organization)
    assert client.get(organization.get_absolute_url()).status_code == 404


# /places/ and the place pages


@pytest.fixture
def fengtai():
    """丰台区 ⊃ 南苑街道 ⊃ 槐房社区, and 花乡社区 directly in the district.

    Story 1 links all three of district, street and community; story 2 only 槐房社区;
    story 3 only 花乡社区; story 4 (a draft) and story 5 (a rejected link) do not count.
    So 丰台区 has 3 stories, 南苑街道 2, 槐房社区 2, 花乡社区 1.
    """
    district = make_district(name="丰台区", code="110106")
    street = make_street(name="南苑街道", district=district)
    community = make_community(name="槐房社区", street=street)
    loose = make_community(name="花乡社区", district=district)
    one = make_published(title="一")
    make_story_district(story=one, district=district)
    make_story_street(story=one, street=street)
    make_story_community(story=one, community=community)
    make_story_community(story=make_published(title="二"), community=community)
    make_story_community(story=make_published(title="三"), community=loose)
    make_story_community(story=make_story(title="草稿"), community=community)
    make_story_street(story=make_published(title="否决"), street=street, is_rejected=True)
    return {"district": district, "street": street, "community": community, "loose": loose}


def counts_on(response, rows):
    return {row.name: row.story_count for row in rows}


def test_place_index_counts_stories_through_streets_and_communities_once(client, fengtai):
    response = client.get(PLACES)
    ((label, districts),) = response.context["regions"]
    assert (label, counts_on(response, districts)) == ("北京市", {"丰台区": 3})
    (district,) = districts
    assert counts_on(response, district.listed_streets) == {"南苑街道": 2}
    assert counts_on(response, district.listed_streets[0].listed_communities) == {"槐房社区": 2}
    assert counts_on(response, district.listed_communities) == {"花乡社区": 1}


def test_place_index_leaves_out_places_without_published_stories(client, fengtai):
    make_story_district(story=make_story(), district=make_district(name="草稿区"))
    make_story_community(story=make_story(), community=make_community(name="草稿社区"))
    make_story_street(story=make_published(), street=make_street(name="否决街道"), is_rejected=True)
    make_district(name="无报道区")
    content = client.get(PLACES).content.decode()
    for name in ["草稿区", "草稿社区", "否决街道", "无报道区"]:
        assert name not in content


def test_place_index_groups_by_province_and_city_and_links_each_place(client, fengtai):
    nanjing = make_district(name="鼓楼区", city="南京市", province="江苏省")
    make_story_district(story=make_published(), district=nanjing)
    response = client.get(PLACES)
    assert [label for label, _ in response.context["regions"]] == ["北京市", "江苏省南京市"]
    content = response.content.decode()
    for place in [*fengtai.values(), nanjing]:
        assert f'<a href="{place.get_absolute_url()}">{place.name}</a>' in content


def test_place_index_lists_communities_without_a_district(client):
    community = make_community(name="无区县社区", district=None, street=None)
    make_story_community(story=make_published(), community=community)
    response = client.get(PLACES)
    assert [c.name for c in response.context["unplaced_communities"]] == ["无区县社区"]


def test_district_page_lists_stories_through_streets_and_communities_once(client, fengtai):
    response = client.get(fengtai["district"].get_absolute_url())
    assert sorted(story.title for story in response.context["stories"]) == ["一", "三", "二"]


def test_district_page_lists_its_streets_and_loose_communities_with_counts(client, fengtai):
    response = client.get(fengtai["district"].get_absolute_url())
    assert counts_on(response, response.context["part_streets"]) == {"南苑街道": 2}
    assert counts_on(response, response.context["part_communities"]) == {"花乡社区": 1}


def test_street_page_lists_its_communities_and_stories_through_them(client, fengtai):
    make_community(name="无报道社区", street=fengtai["street"])
    response = client.get(fengtai["street"].get_absolute_url())
    assert counts_on(response, response.context["part_communities"]) == {"槐房社区": 2}
    assert sorted(story.title for story in response.context["stories"]) == ["一", "二"]


def test_community_page_has_a_breadcrumb_to_its_parents(client, fengtai):
    content = client.get(fengtai["community"].get_absolute_url()).content.decode()
    crumbs = content[content.index('<nav class="breadcrumb"') :].split("</nav>")[0]
    for url in [
        PLACES,
        fengtai["district"].get_absolute_url(),
        fengtai["street"].get_absolute_url(),
    ]:
        assert f'href="{url}"' in crumbs
    assert '<li aria-current="page">槐房社区</li>' in crumbs
    assert "<title>北京市丰台区南苑街道槐房社区 · 地点" in content


def test_community_only_in_drafts_has_no_page(client):
    community = make_community()
    make_story_community(story=make_story(), community=community)
    assert client.get(community.get_absolute_url()).status_code == 404


# Private residents and imported markup on every directory page


@pytest.fixture
def resident():
    """A private resident of a community of 丰台区, in a hospital, in a published story."""
    district = make_district(name="丰台区")
    community = make_community(street=make_street(district=district))
    organization = make_organization(district=district)
    person = make_person(
        name="钱秀英", is_name_public=False, community=community, organization=organization
    )
    story = make_published(title="钱秀英的一天")
    make_appearance(story=story, person=person, title="居民", role=make_role(name="居民"))
    make_story_community(story=story, community=community)
    make_story_organization(story=story, organization=organization)
    return person


RESIDENT_PAGES = {
    "organization": lambda person: person.organization.get_absolute_url(),
    "community": lambda person: person.community.get_absolute_url(),
    "street": lambda person: person.community.street.get_absolute_url(),
    "district": lambda person: person.community.district.get_absolute_url(),
}


@pytest.mark.parametrize("page", RESIDENT_PAGES)
def test_private_resident_shows_only_the_surname(client, resident, page):
    content = client.get(RESIDENT_PAGES[page](resident)).content.decode()
    assert "钱某" in content
    assert "秀英" not in content


@pytest.mark.parametrize("url", [ORGANIZATIONS, PLACES])
def test_private_resident_name_absent_from_lists_without_people(client, resident, url):
    assert "秀英" not in client.get(url).content.decode()


def test_private_resident_has_no_page(client, resident):
    assert client.get(resident.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("query", ["", "?role=居民&district=丰台区"])
def test_people_list_leaves_private_residents_out(client, resident, query):
    make_public_person(
        name="钱伟", role=Role.objects.get(name="居民"), community=resident.community
    )
    response = client.get(f"{PEOPLE}{query}")
    content = response.content.decode()
    assert (names(response), "钱某" in content, "秀英" in content) == (["钱伟"], False, False)


def test_people_list_facets_do_not_count_private_residents(client, resident):
    make_public_person(name="钱伟", role=Role.objects.get(name="居民"))
    assert facet(client.get(PEOPLE), "角色类别") == {"居民": 1}


def test_organization_page_leaves_private_residents_out(client, resident):
    response = client.get(resident.organization.get_absolute_url())
    assert list(response.context["people"]) == []


SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def scripted():
    """A person, organisation, district, street and community all named SCRIPT."""
    district = make_district(name=SCRIPT)
    street = make_street(name=SCRIPT, district=district)
    community = make_community(name=SCRIPT, street=street)
    organization = make_organization(name=SCRIPT, district=district)
    person = make_person(name=SCRIPT, community=community, organization=organization)
    story = make_published()
    make_appearance(story=story, person=person, title=SCRIPT, titles=[SCRIPT])
    make_story_community(story=story, community=community)
    make_story_organization(story=story, organization=organization)
    return person


@pytest.mark.parametrize(
    "url",
    [
        lambda person: PEOPLE,
        lambda person: person.get_absolute_url(),
        lambda person: ORGANIZATIONS,
        lambda person: person.organization.get_absolute_url(),
        lambda person: PLACES,
        lambda person: person.community.district.get_absolute_url(),
        lambda person: person.community.street.get_absolute_url(),
        lambda person: person.community.get_absolute_url(),
    ],
    ids=[
        "people",
        "person",
        "organizations",
        "organization",
        "places",
        "district",
        "street",
        "community",
    ],
)
def test_names_are_escaped(client, scripted, url):
    content = client.get(url(scripted)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>" not in content


# Query budgets: the same at 3 and 30 rows


def make_directory_person(role, district):
    """A public person with a community in `district`, an organisation and a role, in a
    published story with a second public person."""
    person = make_person(
        community=make_community(street=make_street(district=district)),
        organization=make_organization(district=district),
    )
    story = make_published()
    make_appearance(person=person, story=story, role=role, title="书记")
    make_appearance(story=story)
    return person


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # The count, the page of people, their latest titles and roles, the role facet, the
        # district facet and its districts;
        ({}, 6),
        # and the roles and the district the filters name.
        ({"role": "社区书记", "district": "丰台区"}, 8),
    ],
)
def test_people_list_query_count(client, django_assert_num_queries, size, query, queries):
    role, district = make_role(name="社区书记"), make_district(name="丰台区")
    for _ in range(size):
        make_directory_person(role, district)
    with django_assert_num_queries(queries):
        response = client.get(PEOPLE, query)
    assert len(response.context["people"]) == min(size * (1 if query else 2), 20)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("query", [{}, {"kind": "hospital"}])
def test_organization_list_query_count(client, django_assert_num_queries, size, query):
    for _ in range(size):
        organization = make_organization(kind="hospital", district=make_district())
        make_story_organization(story=make_published(), organization=organization)
    # The count, the page of organisations with their districts, the kind facet.
    with django_assert_num_queries(3):
        response = client.get(ORGANIZATIONS, query)
    assert len(response.context["organizations"]) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_place_index_query_count(client, django_assert_num_queries, size):
    for _ in range(size):
        community = make_community()
        make_story_community(story=make_published(), community=community)
        make_story_district(story=make_published(), district=make_district())
    # The counts, one query per way a story reaches a place (3 for districts, 2 for
    # streets, 1 for communities), and the rows of each level (3).
    with django_assert_num_queries(9):
        response = client.get(PLACES)
    assert len(response.context["regions"][0][1]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_person_page_query_count(client, django_assert_num_queries, size):
    person = make_person(community=make_community(), organization=make_organization())
    for _ in range(size):
        story = make_published()
        make_appearance(person=person, story=story, role=make_role())
        make_appearance(story=story)
        make_story_district(story=story)
    # The person with their places, the count, the page of stories with their sources,
    # district links, appearances; the appearances with their stories and roles, and the
    # appearances of those stories (for their public titles).
    with django_assert_num_queries(7):
        response = client.get(person.get_absolute_url())
    assert len(response.context["appearances"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_organization_page_query_count(client, django_assert_num_queries, size):
    organization = make_organization(district=make_district())
    for _ in range(size):
        story = make_published()
        make_story_organization(story=story, organization=organization)
        make_appearance(story=story, person=make_person(organization=organization))
    # The organisation with its district, the count, the page of stories with their sources,
    # district links, appearances; the organisation's people.
    with django_assert_num_queries(7):  # the organisation's aliases too
        response = client.get(organization.get_absolute_url())
    assert len(response.context["people"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_district_page_query_count(client, django_assert_num_queries, size):
    district = make_district()
    for _ in range(size):
        street = make_street(district=district)
        make_story_street(story=make_published(), street=street)
        make_story_community(story=make_published(), community=make_community(street=street))
        make_story_community(story=make_published(), community=make_community(district=district))
    # The district, the count, the page of stories with their sources, district links,
    # appearances (5); its streets' counts (2 ways) and rows, its communities without a
    # street: counts and rows (5).
    with django_assert_num_queries(10):
        response = client.get(district.get_absolute_url())
    assert len(response.context["part_streets"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_street_page_query_count(client, django_assert_num_queries, size):
    street = make_street()
    for _ in range(size):
        make_story_community(story=make_published(), community=make_community(street=street))
    # The street with its district, the count, the page of stories with their sources,
    # district links, appearances (5); its communities' counts and rows (2).
    with django_assert_num_queries(7):
        response = client.get(street.get_absolute_url())
    assert len(response.context["part_communities"]) == size


def test_a_place_page_links_to_the_story_list_filtered_by_it(client):
    district = make_district(name="丰台区", code="110106")
    make_story_district(story=make_story(status=Story.Status.PUBLISHED), district=district)
    content = client.get(district.get_absolute_url()).content.decode()
    assert f'href="{reverse("stories:list")}?district=110106"' in content
