"""stories.pipeline.dates: calendar references as ISO dates, and the year of a page."""

import pytest

from stories.pipeline.dates import date_range, find_dates, infer_year


def dates(text, year=2020):
    return [found.iso for found in find_dates(text, year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2月3日，社区开始实行封闭管理。", ["2020-02-03"]),
        ("6月15号，小区解除封控。", ["2020-06-15"]),
        ("2020年7月9日清晨，小区解封。", ["2020-07-09"]),
        ("2018年11月，他当选社区党委书记。", ["2018-11"]),
        ("二〇二〇年二月八日元宵节那天，她忙到深夜。", ["2020-02-08"]),
        ("1月下旬以来，社区每天排查返宁人员。", ["2020-01"]),
        ("今年1月，社区组建了志愿服务队。", ["2020-01"]),
        ("1月23日至2月8日，他一直没有回家。", ["2020-01-23", "2020-02-08"]),
    ],
)
def test_dates_take_the_pages_year_when_they_give_none(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("去年8月，社区成立了志愿服务队。", 2020, ["2019-08"]),
        ("去年12月底，他调到社区工作。", 2022, ["2021-12"]),
        ("前年5月，她开始在社区工作。", 2020, ["2018-05"]),
    ],
)
def test_last_year_counts_back_from_the_pages_year(text, year, expected):
    assert dates(text, year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3月10日起，社区实行封闭管理，12日晚又接到新任务。", ["2020-03-10", "2020-03-12"]),
        ("2月10日开始排查，13日凌晨完成。", ["2020-02-10", "2020-02-13"]),
        ("3月1日至15日，社区完成了三轮排查。", ["2020-03-01", "2020-03-15"]),
        ("2022年3月28日起，小区实行封控；30日上午，居民有序下楼。", ["2022-03-28", "2022-03-30"]),
        pytest.param(
            "2月10日开始封控，18日解封。",
            ["2020-02-10", "2020-02-18"],
            id="day-before-a-verb",
        ),
        pytest.param(
            "3月10日，小区开始封闭管理。当月26日，社区出现一例感染者。",
            ["2020-03-10", "2020-03-26"],
            id="that-month",
        ),
        pytest.param(
            "3月12日，他来到社区。在16、17日全市全民核酸过程中，他每天都在。",
            ["2020-03-12", "2020-03-16", "2020-03-17"],
            id="days-listed",
        ),
        pytest.param(
            "4月18日电 全市从14日21时30分起实行静态管理。",
            ["2020-04-18", "2020-04-14"],
            id="day-before-an-hour",
        ),
    ],
)
def test_day_alone_takes_month_and_year_from_the_date_before_it(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "15日下午，社区召开了部署会。",  # no full date before it to take the month from
        "住在7号楼的居民请下楼做核酸检测。",
        "地铁2号线停运后，志愿者开车接送医护人员。",
        "凌晨3时40分，她被电话铃声吵醒。",
        "她已经连续工作了40多天，整整3个月没有回家。",
        "居家观察14天后，他回到了工作岗位。",
        "春节期间，社区干部放弃休假。",
        "2月份以来，社区每天排查。",
    ],
)
def test_times_durations_and_numbered_things_are_not_dates(text):
    assert dates(text) == []


def test_date_without_a_year_is_dropped_when_the_page_year_is_unknown():
    assert dates("2月3日，社区开始实行封闭管理。", year=None) == []


def test_impossible_day_is_dropped():
    assert dates("2月29日，社区完成排查。", year=2021) == []


# --- the page's year ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2021年1月6日，村里开始全员核酸检测。", 2021),
        ("从2003年的非典到2020年的新冠，她两次出征。", 2020),
        # A dated event outweighs 2022's vocabulary (黄码).
        ("2021年1月6日，村里开始全员核酸检测，黄码人员由村医上门采样。", 2021),
        # 2015 is another event: the year of the page is the one the story dates.
        ("她2015年担任村党支部书记。2021年1月6日，村里开始全员核酸检测。", 2021),
    ],
)
def test_explicit_year_of_a_current_event_decides(text, year):
    assert infer_year(text).year == year


@pytest.mark.parametrize(
    "text",
    [
        "2003年的非典时，她还是一名年轻护士。",
        "她2015年担任社区党委书记。",
        "2008年汶川地震时，他带着志愿者转运物资。",
    ],
)
def test_year_of_another_event_does_not_date_the_page(text):
    assert infer_year(text).year is None


@pytest.mark.parametrize(
    "text",
    [
        "5月8日是母亲节，她仍坚守在卡口。",
        "母亲节这天，5月8日，她仍坚守在卡口。",
    ],
)
def test_holiday_tied_to_a_date_decides_the_year(text):
    assert infer_year(text).year == 2022  # the second Sunday of May 2022


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("湖北返京人员需要居家观察14天。", 2020),
        ("居民在核酸检测App上预约，黄码人员由社区上门采样。", 2022),
        ("奥密克戎传播快，社区连夜开展全员核酸检测。", 2022),
        # Neighbourhood testing points and "two checks, one test" at the gate are 2022's.
        ("3月4日，医务人员在街道设立的核酸采样点为居民采样。", 2022),
        ("志愿者在小区门口进行“两查一测”，提醒业主佩戴口罩。", 2022),
        ("流调人员连夜赶到，密接人员已全部转运，小区实行封控。", 2022),
    ],
)
def test_era_vocabulary_decides_when_nothing_else_does(text, year):
    assert infer_year(text).year == year


def test_page_without_any_clue_has_no_year():
    guess = infer_year("社区工作者每天都很辛苦，居民们看在眼里，记在心上。")

    assert (guess.year, guess.confidence) == (None, 0.0)


def test_epidemic_page_without_any_year_clue_gets_a_low_confidence_first_year_guess():
    guess = infer_year("社区工作者每天在卡口测量体温，居民们看在眼里，记在心上。")

    assert (guess.year, guess.confidence) == (2020, 0.2)


def test_year_written_in_chinese_numerals_dates_the_page():
    assert infer_year("二〇二一年十二月二十三日零时起，全市实行封闭管理。").year == 2021


# --- issue 8: background references ---------------------------------------------------------


def test_a_date_counted_back_from_the_pages_year_is_found_but_marked_relative():
    found = find_dates("去年8月，他就报名当了志愿者；今年2月3日，他又回到卡口。", 2020)
    assert [(d.iso, d.is_relative) for d in found] == [
        ("2019-08", True),
        ("2020-02-03", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("去年8月，他就报名当了志愿者；今年2月3日，他又回到卡口。", ("2020-02-03", "2020-02-03")),
        # Background alone sets no date range.
        ("去年8月，他就报名当了志愿者。", ("", "")),
        ("前年12月，社区换届。", ("", "")),
        # A date whose year the story writes out still dates a page whose year was guessed wrong.
        ("2021年1月6日，村里设了卡口。", ("2021-01-06", "2021-01-06")),
    ],
)
def test_only_the_storys_own_dates_set_its_range(text, expected):
    assert date_range(find_dates(text, 2020), 2020) == expected
