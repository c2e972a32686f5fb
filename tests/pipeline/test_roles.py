"""stories.pipeline.roles: titles become role categories named by the fixture's stable slugs.

Editors may rename a category (Role.name) in the admin, so the pipeline never gives a
category's name, only its slug (people.Role.slug, fixtures/roles.json; issue 7).
"""

import json

import pytest

from stories.pipeline import PageMeta, RoleMap, parse_page
from stories.pipeline import roles as pipeline_roles

FIXTURE_SLUGS = {
    row["fields"]["slug"] for row in json.loads(pipeline_roles.FIXTURE.read_text(encoding="utf-8"))
}
RULE_SLUGS = [
    pipeline_roles.COMMUNITY_SECRETARY,
    pipeline_roles.COMMUNITY_WORKER,
    pipeline_roles.VILLAGE_CADRE,
    pipeline_roles.SENT_DOWN_CADRE,
    pipeline_roles.GOVERNMENT_OFFICIAL,
    pipeline_roles.VOLUNTEER,
    pipeline_roles.PARTY_MEMBER,
    pipeline_roles.MEDICAL_WORKER,
    pipeline_roles.POLICE,
    pipeline_roles.PROPERTY_COMPANY_STAFF,
    pipeline_roles.TEACHER,
    pipeline_roles.RESIDENT,
    pipeline_roles.JOURNALIST,
    pipeline_roles.OTHER,
]


@pytest.mark.parametrize("slug", RULE_SLUGS)
def test_every_category_the_rules_decide_is_a_fixture_slug(slug):
    assert slug in FIXTURE_SLUGS


@pytest.mark.parametrize(
    ("titles", "context", "expected"),
    [
        pytest.param(["社区党委书记"], {}, "community-secretary", id="listed-title"),
        pytest.param(["社区党群服务中心书记"], {}, "community-secretary", id="community-rule"),
        pytest.param(["网格员"], {}, "community-worker", id="listed-worker"),
        pytest.param(["村党支部书记"], {}, "village-cadre", id="village"),
        pytest.param(["干部"], {"unit_context": "区司法局下沉"}, "sent-down-cadre", id="sent-down"),
        pytest.param(["科长"], {"org_kind": "government"}, "government-official", id="org-kind"),
        pytest.param(["楼栋长"], {}, "volunteer", id="volunteer"),
        pytest.param(["社区第二党支部党员"], {}, "party-member", id="party-branch"),
        pytest.param(["急诊科主任"], {}, "medical-worker", id="medical-department"),
        pytest.param(["辅警"], {}, "police", id="police"),
        pytest.param(["派出所所长"], {}, "police", id="police-station-head"),
        pytest.param(["公安分局副局长"], {}, "police", id="police-bureau-deputy"),
        pytest.param(["所长"], {"org_kind": "police"}, "police", id="police-org"),
        pytest.param(["统计局局长"], {}, "government-official", id="bureau-head"),
        pytest.param(["保洁员"], {}, "property-company-staff", id="company"),
        pytest.param(["班主任"], {}, "teacher", id="teacher"),
        pytest.param(["大学生"], {}, "student", id="student"),
        pytest.param(["阿姨"], {}, "resident", id="resident"),
        pytest.param(["摄影记者"], {}, "journalist", id="journalist"),
        pytest.param([], {}, "other", id="untitled"),
        # issue 8
        pytest.param(["社区第一书记"], {}, "community-secretary", id="community-first-secretary"),
        pytest.param(["主任"], {"community_kind": "community"}, "community-worker", id="post"),
        pytest.param(["书记"], {"community_kind": "community"}, "community-secretary", id="post2"),
        pytest.param(["队长"], {"community_kind": "village"}, "village-cadre", id="village-post"),
        pytest.param(
            ["经理"], {"community_kind": "community"}, "property-company-staff", id="firm"
        ),
        pytest.param(["群众工作部干部"], {}, "government-official", id="department-staff"),
        pytest.param(
            ["党工委书记"], {"org_kind": "government"}, "government-official", id="street"
        ),
        pytest.param(["党工委书记"], {}, "government-official", id="working-committee"),
        pytest.param(
            ["书记"], {"unit_context": "驻点单位干部"}, "sent-down-cadre", id="stationed-unit"
        ),
        pytest.param(["驻社区干部"], {}, "sent-down-cadre", id="stationed-in-the-community"),
        pytest.param(["院长"], {"unit_context": "策代大院“"}, "volunteer", id="courtyard"),
        pytest.param(["院长"], {"org_kind": "hospital"}, "medical-worker", id="hospital-head"),
        # The annotation's precedence: 教师 before 志愿者, whatever the order of the titles.
        pytest.param(["社区志愿者", "老师"], {}, "teacher", id="precedence"),
        pytest.param(["老党员", "村党支部书记"], {}, "village-cadre", id="precedence-village"),
        # A former title counts before 居民, after every current one.
        pytest.param(["退休医生", "老居民"], {}, "medical-worker", id="former-before-resident"),
        pytest.param(["退休教师", "社区志愿者"], {}, "volunteer", id="current-before-former"),
    ],
)
def test_categorise_returns_the_fixture_slug(titles, context, expected):
    category = RoleMap.from_fixture().categorise(titles, **context)

    assert (category, category in FIXTURE_SLUGS) == (expected, True)


def test_titles_map_to_the_slug_they_are_listed_under():
    role_map = RoleMap.from_categories({"community-secretary": ["社区掌门人"]})

    assert role_map.categorise(["社区掌门人"]) == "community-secretary"


def test_a_category_editors_added_is_chosen_by_its_titles():
    role_map = RoleMap.from_categories({"grid-leader": ["网格长"]})

    assert role_map.categorise(["网格长"]) == "grid-leader"


FIXTURE_TITLES = sorted(
    {
        title
        for row in json.loads(pipeline_roles.FIXTURE.read_text(encoding="utf-8"))
        for title in row["fields"]["titles"]
    }
)


@pytest.mark.parametrize("title", FIXTURE_TITLES)
def test_every_title_of_the_fixture_ends_with_a_head_the_title_reader_knows(title):
    # A title whose head is missing from dictionaries/title_heads.txt is never read before
    # a name, so the fixture's category for it would never be given.
    assert pipeline_roles.head_of(title), title


@pytest.mark.parametrize("title", FIXTURE_TITLES)
def test_every_title_of_the_fixture_is_found_before_a_name(title):
    page = PageMeta(year=2020, city="南京市")
    text = f"疫情发生以来，{title}陈建华每天坚守一线。"
    people = [p for story in parse_page(text, meta=page).stories for p in story.people]
    assert [p.name for p in people] == ["陈建华"]
    assert people[0].role_category == RoleMap.from_fixture().by_title[title]
