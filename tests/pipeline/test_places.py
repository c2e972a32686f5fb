"""stories.pipeline.locations: districts, streets and communities a story names, placed
with the gazetteer inside the page's area (page_context)."""

import pytest

from stories.pipeline.locations import find_places, home_district_code, page_context

BEIJING = page_context("", city="北京市")
NANJING = page_context("", city="南京市")


def streets(places):
    return [(s.name, s.mention, s.code, s.is_inferred) for s in places.streets]


def districts(places):
    return [(d.name, d.code, d.is_inferred) for d in places.districts]


def communities(places):
    return [(c.name, c.code, c.kind) for c in places.communities]


# Seed 000: a street's short name written in front of its community.
SEED_STREET_BEFORE_COMMUNITY = "三间房聚福苑社区紧邻朝阳路，共有6个小区。"


def test_street_short_name_before_a_community_is_split_off_as_the_street():
    places = find_places(SEED_STREET_BEFORE_COMMUNITY, BEIJING)

    assert streets(places) == [("三间房地区", "三间房", "110105034", False)]


def test_community_after_its_street_short_name_is_found_whole():
    places = find_places(SEED_STREET_BEFORE_COMMUNITY, BEIJING)

    assert communities(places) == [("聚福苑社区", "110105034026", "社区")]


def test_district_of_a_street_and_community_is_inferred():
    places = find_places(SEED_STREET_BEFORE_COMMUNITY, BEIJING)

    assert districts(places) == [("朝阳区", "110105", True)]


@pytest.mark.parametrize("context", [NANJING, ()], ids=["nanjing", "no-context"])
def test_named_street_gives_its_district_as_inferred(context):
    places = find_places("宁海路街道的党员干部连夜下沉到各个小区。", context)

    assert (streets(places), districts(places)) == (
        [("宁海路街道", "宁海路街道", "320106001", False)],
        [("鼓楼区", "320106", True)],
    )


def test_district_named_in_full_is_not_inferred():
    places = find_places("锦江区春熙路街道的志愿者在卡口值守。", ())

    assert districts(places) == [("锦江区", "510104", False)]


def test_former_township_name_finds_todays_street():
    places = find_places("卢沟桥乡组织志愿者参与疫情防控。", BEIJING)

    assert streets(places) == [("卢沟桥街道", "卢沟桥乡", "110106017", False)]


@pytest.mark.parametrize(
    ("city", "code"),
    [("杭州市", "330102003052"), ("成都市", "510104021005")],
)
def test_common_community_name_is_placed_in_the_pages_city(city, code):
    places = find_places("青年路社区的志愿者在卡口值守。", page_context("", city=city))

    assert communities(places) == [("青年路社区", code, "社区")]


def test_common_community_name_without_context_is_kept_without_a_guessed_code():
    places = find_places("青年路社区的志愿者在卡口值守。", ())

    assert communities(places) == [("青年路社区", "", "社区")]  # thirty 青年路社区 in China


def test_community_placed_by_the_city_gives_its_street_as_inferred():
    places = find_places("青年路社区的志愿者在卡口值守。", page_context("", city="杭州市"))

    assert streets(places) == [("湖滨街道", "", "330102003", True)]


@pytest.mark.parametrize(
    "text",
    [
        "志愿者沿着朝阳路一路走访沿街商户。",
        "朝阳路上的商户陆续复工。",
    ],
)
def test_road_named_after_a_district_is_not_the_district(text):
    assert districts(find_places(text, BEIJING)) == []


def test_village_in_the_gazetteer_is_a_community():
    places = find_places("江东村的村民自发组织了巡逻队。", NANJING)

    assert communities(places) == [("江东村", "320106006202", "村")]


@pytest.mark.parametrize(
    "text",
    [
        "杏花湾村的村民自发组织了巡逻队。",
        "他来到杏花湾村，挨家挨户走访。",
    ],
)
def test_village_missing_from_the_gazetteer_is_not_a_community(text):
    assert communities(find_places(text, NANJING)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("当晚，杏花湾村党总支书记王立新住进了村委会。", ["杏花湾村"], id="branch"),
        pytest.param("当晚，枰岭村党总支书记王立新住进了村委会。", ["枰岭村"], id="two-chars"),
        pytest.param("记者来到朗洲村委会设在路口的检测点。", ["朗洲村"], id="committee"),
        pytest.param("枰岭村支部书记王立新住进了村委会。", ["枰岭村"], id="branch-secretary"),
        pytest.param(
            "杏花湾村隶属柳营中心村，在路口执勤的柳营中心村党支部书记王立新介绍。",
            ["柳营中心村"],
            id="central-village-named-twice",
        ),
        pytest.param(
            "各村党支部书记都到了，该村两委连夜开会，贫困村党支部也来了，这个村委会。",
            [],
            id="no-village-named",
        ),
        pytest.param("龙岗社区派一名志愿者，匡村村支委派一名志愿者。", [], id="one-char-name"),
        pytest.param("会上，并鼓励村党员带头。他先开村两委会议。", [], id="verb-phrases"),
    ],
)
def test_village_missing_from_the_gazetteer_counts_before_its_committee(text, expected):
    places = find_places(text, NANJING)
    assert [c.name for c in places.communities if c.kind == "村"] == expected
    assert not any(s.kind == "organization" for s in places.spans)


def test_community_name_containing_a_function_character_is_found():
    places = find_places("宁海路街道颐和路社区的党员志愿者在卡口值守。", NANJING)

    assert communities(places) == [("颐和路社区", "320106001005", "社区")]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("宁海路街道古林社区的党员志愿者在卡口值守。", ("3201",)),
        ("春熙路街道和书院街街道的志愿者在卡口值守。", ("5101",)),
        ("上城区小营巷社区的志愿者在卡口值守。", ("3301",)),
        ("湖滨街道的志愿者在卡口值守。", ()),  # seven cities have a 湖滨街道
        ("社区工作者每天都很辛苦。", ()),
    ],
)
def test_page_context_without_metadata_comes_from_the_places_named(text, context):
    assert page_context(text) == context


@pytest.mark.parametrize(
    ("city", "home_district", "context"),
    [
        ("南京市", "", ("3201",)),
        ("南京市", "鼓楼区", ("320106",)),  # several 鼓楼区 in China: the city decides
        ("福州市", "鼓楼区", ("350102",)),
        ("", "", ()),
    ],
)
def test_page_context_from_metadata(city, home_district, context):
    code = home_district_code(home_district, city)
    assert page_context("", city=city, home_district=code) == context


def test_the_pages_home_district_is_passed_on_as_the_code_found_in_its_city():
    from stories.pipeline import PageMeta, parse_page

    meta = PageMeta(year=2020, city="福州市", home_district="鼓楼区")
    page = parse_page("本报讯 社区的志愿者连夜值守。\n", filename="p.txt", meta=meta)
    assert page.meta.home_district_code == "350102"
    assert [(d.name, d.code) for d in page.stories[0].districts] == [("鼓楼区", "350102")]


def test_community_the_page_puts_in_another_street_than_the_gazetteer_keeps_the_pages_street():
    # The gazetteer has a 荣华社区 in 硚口区's 荣华街道; the page says it is in 汉中街道.
    found = find_places(
        "下沉到汉中街道荣华社区后，他每天值守卡口。", page_context("", city="武汉市")
    )

    [community] = found.communities
    assert (community.name, community.code, community.street_code) == ("荣华社区", "", "420104008")
    assert [s.name for s in found.streets] == ["汉中街道"]


# --- issue 8: a street glued to its community, and what comes before a community ----------


@pytest.mark.parametrize(
    ("sentence", "street", "community"),
    [
        # 宁海路街 is short for 宁海路街道: the 街 is no part of the community's name.
        ("宁海路街山西路社区的志愿者连夜赶来。", ("宁海路街道", "宁海路街"), "山西路社区"),
        ("宁海路街道山西路社区的志愿者连夜赶来。", ("宁海路街道", "宁海路街道"), "山西路社区"),
    ],
)
def test_a_street_written_before_its_community_is_split_off(sentence, street, community):
    places = find_places(sentence, NANJING)
    assert [(s.name, s.mention) for s in places.streets] == [street]
    assert [c.name for c in places.communities] == [community]


def test_a_verb_before_a_known_community_is_not_part_of_its_name():
    places = find_places("大家齐心协力，筑牢山西路社区的疫情防线。", NANJING)
    assert [c.name for c in places.communities] == ["山西路社区"]


def test_between_a_street_and_社区_stands_the_whole_name_of_a_community_the_gazetteer_lacks():
    places = find_places("宁海路街道电机新村社区位于医院对面。", NANJING)
    assert [c.name for c in places.communities] == ["电机新村社区"]


def test_a_unit_between_a_street_and_社区_names_no_community():
    places = find_places("宁海路街道派出所社区民警每天巡逻。", NANJING)
    assert [c.name for c in places.communities] == []


def test_a_locative_before_a_known_village_is_not_part_of_its_name():
    places = find_places("从关口通往镇内茶园村的路上设了卡点。", page_context("", city="宜昌市"))
    assert [c.name for c in places.communities] == ["茶园村"]


def test_a_district_written_after_its_own_city_counts_outside_the_pages_area():
    places = find_places("在盘锦市兴隆台区景园社区，居民排队做核酸。", NANJING)
    assert ("兴隆台区", "211103", False) in districts(places)


def test_a_district_written_before_an_unknown_community_is_no_part_of_its_name():
    places = find_places("南京市鼓楼区长青藤社区的党员连夜值守。", NANJING)
    assert [c.name for c in places.communities] == ["长青藤社区"]


def test_an_inner_mongolian_village_is_a_嘎查():
    places = find_places("花音艾勒嘎查的村医每天上门测体温。", page_context("", city="赤峰市"))
    assert [(c.name, c.kind) for c in places.communities] == [("花音艾勒嘎查", "村")]


@pytest.mark.parametrize(
    "sentence",
    ["以首善标准筑牢防线——北京社区基层防控一线见闻", "上海社区的志愿者们连夜集结。"],
)
def test_a_citys_communities_are_no_community_named_after_the_city(sentence):
    assert find_places(sentence, BEIJING).communities == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("战疫情，邓州社区民警竞风流。", []),  # a county-level city's communities
        ("志愿者在新建路办事处长青藤社区带领下开展检测。", ["长青藤社区"]),
    ],
)
def test_unknown_communities_named_after_a_division_or_behind_a_street_office(sentence, expected):
    assert [c.name for c in find_places(sentence, NANJING).communities] == expected


def test_a_community_named_like_a_county_elsewhere_counts_after_its_street():
    # 平川区 is in 白银市; after a street of 乌鲁木齐 平川 is a community's own name.
    places = find_places(
        "天山区燕儿窝街道平川社区的网格员逐户排查。", page_context("", city="乌鲁木齐市")
    )
    assert [c.name for c in places.communities] == ["平川社区"]


def test_short_district_names_in_a_list_are_each_a_district():
    places = find_places("海淀、西城、丰台等区的干部连夜值守。朝阳路上车辆稀少。", BEIJING)
    assert sorted(d.name for d in places.districts) == ["丰台区", "海淀区", "西城区"]


def test_a_citys_short_name_before_an_unknown_community_is_no_part_of_its_name():
    places = find_places("长春长山花园社区党委书记带头值守。", page_context("", city="长春市"))
    assert [c.name for c in places.communities] == ["长山花园社区"]


def test_a_street_the_gazetteer_lacks_after_its_district_and_the_community_after_it():
    places = find_places(
        "在太原市万柏林区长风街道义井东社区，网格员值守。", page_context("", city="太原市")
    )
    assert [(s.name, s.code, s.district_code) for s in places.streets] == [
        ("长风街道", "", "140109")
    ]
    assert [c.name for c in places.communities] == ["义井东社区"]  # not 义井(街道)+东


def test_a_numeral_starts_the_name_of_a_community_the_gazetteer_lacks():
    places = find_places("12名党员志愿者来到五云梦湖社区值守。", page_context("", city="杭州市"))
    assert [c.name for c in places.communities] == ["五云梦湖社区"]


@pytest.mark.parametrize(("city", "short"), [("乌鲁木齐市", "乌鲁木齐"), ("长沙市", "长沙")])
def test_a_citys_own_name_is_not_the_short_name_of_its_namesake_county(city, short):
    places = find_places(f"{short}社区干部坚守一线。", page_context("", city=city))
    assert places.districts == []


def test_communities_sharing_one_suffix_are_each_found():
    places = find_places("山西路、宁海路等社区的志愿者连夜值守。", NANJING)
    assert [c.name for c in places.communities] == ["山西路社区"]  # 宁海路社区 is unknown here


def test_a_street_office_named_without_街道_is_the_street():
    places = find_places("志愿者在宁海路办事处和山西路社区带领下开展检测。", NANJING)
    assert [(s.name, s.mention, s.is_inferred) for s in places.streets] == [
        ("宁海路街道", "宁海路办事处", False)
    ]


def test_according_to_before_a_community_is_no_part_of_its_name():
    assert [
        c.name for c in find_places("据山西路社区介绍，排查已经完成。", NANJING).communities
    ] == ["山西路社区"]


@pytest.mark.parametrize(
    "sentence",
    ["人民新村社区是一个老旧大型社区，老龄人口多。", "军山街道下辖的一个大型社区，由7个村组成。"],
)
def test_a_kind_of_community_is_no_community_though_one_somewhere_bears_the_word(sentence):
    names = [c.name for c in find_places(sentence, page_context("", city="长沙市")).communities]
    assert "大型社区" not in names


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("酒泉路街道杨家园社区一位社区网格员在做登记。", ["杨家园社区"]),
        ("在城南高新园党工委御河社区，三百多名党员志愿者上岗。", ["御河社区"]),
    ],
)
def test_an_unknown_community_is_not_run_into_the_words_or_the_party_committee_around_it(
    sentence, expected
):
    found = find_places(sentence, page_context("", city="兰州市")).communities
    assert [c.name for c in found] == expected


@pytest.mark.parametrize("city", ["锦州市", "重庆市"])  # 重庆 has a 支援社区, 锦州 none
def test_a_verb_and_社区_as_its_object_names_no_community(city):
    places = find_places("干部们进入社区，支援社区的防疫工作。", page_context("", city=city))
    assert [c.name for c in places.communities] == []


def test_a_community_named_with_a_verb_is_still_found_before_its_committee():
    places = find_places("团结社区党委书记王强在值班。", page_context("", city="锦州市"))
    assert [c.name for c in places.communities] == ["团结社区"]
