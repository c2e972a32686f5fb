"""The scorer's metric functions, on synthetic records (no database, no pipeline)."""

import pytest

from stories.pipeline.reading import read_page
from stories.pipeline.records import (
    Byline,
    CommunityMention,
    DistrictMention,
    PageMeta,
    PageRecord,
    PersonMention,
    StoryRecord,
    StreetMention,
)
from tests import scoring
from tests.gold import (
    DATASETS,
    FIELDS,
    ROLE_CATEGORIES,
    ROLE_SLUGS,
    GoldPage,
    GoldPerson,
    GoldStory,
    check_gold,
    date_range,
    load_manifest,
)
from tests.scoring import (
    Counts,
    Ratio,
    Score,
    baseline_names,
    count_items,
    failed_targets,
    fold,
    fold_title,
    gold_segments,
    match_items,
    match_stories,
    report,
    score_page,
    score_story,
)


def gold_story(title="标题", body_start="正文开头十二个字符在这里", people=(), **items):
    fields = {name: () for name in FIELDS if name != "people"}
    fields.update(
        {name: tuple(v if isinstance(v, tuple) else (v,) for v in vs) for name, vs in items.items()}
    )
    return GoldStory(title, body_start, tuple(people), fields)


def story(position=0, title="标题", body="正文开头十二个字符在这里。", **fields):
    return StoryRecord(position=position, title=title, body=body, **fields)


def page(*stories, filename="p.txt"):
    return PageRecord(filename=filename, sha256="", text="", stories=tuple(stories))


@pytest.mark.parametrize(
    ("counts", "precision", "recall", "f1"),
    [
        (Counts(tp=3, fp=1, fn=0), 0.75, 1.0, 6 / 7),  # 2·0.75·1 / 1.75
        (Counts(tp=1, fp=1, fn=3), 0.5, 0.25, 1 / 3),  # 2·0.125 / 0.75
        (Counts(tp=0, fp=0, fn=0), 1.0, 1.0, 1.0),  # nothing expected, nothing predicted
        (Counts(tp=0, fp=0, fn=2), 0.0, 0.0, 0.0),  # predicted nothing, missed two
        (Counts(tp=0, fp=2, fn=0), 0.0, 0.0, 0.0),  # expected nothing, predicted two
    ],
)
def test_counts_give_precision_recall_f1(counts, precision, recall, f1):
    assert (counts.precision, counts.recall) == (precision, recall)
    assert counts.f1 == pytest.approx(f1)


def test_counts_and_ratios_add_up():
    assert Counts(1, 2, 3) + Counts(10, 20, 30) == Counts(11, 22, 33)
    assert (Ratio(1, 2) + Ratio(2, 2)).value == 0.75


@pytest.mark.parametrize(
    ("page_form", "predicted"),
    [
        ("江漢區", "江汉区"),  # traditional page, simplified prediction
        ("三间房 地区", "三间房地区"),  # OCR space
        ("社区，居委会", "社区,居委会"),  # full-width punctuation
        ("「小門」", "“小门”"),  # corner and curly quotes
    ],
)
def test_fold_ignores_script_width_and_spacing(page_form, predicted):
    assert fold(page_form) == fold(predicted)


def test_fold_keeps_different_names_apart():
    assert fold("刘芳") != fold("刘方")


def test_fold_title_drops_punctuation():
    assert fold_title("战“疫”:每个人都是好样的!") == fold_title("战疫：每个人都是好样的")


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ([("三间房地区", "三间房")], [("三间房",)], Counts(1, 0, 0)),  # any variant
        ([("南苑街道",)], [("南苑地区", "南苑")], Counts(0, 1, 1)),  # no shared name
        ([("区残联", "残联"), ("残联",)], [("残联",)], Counts(1, 0, 1)),  # one-to-one
        ([("甲", "乙"), ("甲",)], [("甲",), ("乙",)], Counts(2, 0, 0)),  # maximum, not greedy
        ([("刘芳",)], [("刘芳",), ("马叔叔",)], Counts(1, 1, 0)),
        ([("工行丰台支行", "丰台支行")], [("丰台支行",), ("工行丰台支行",)], Counts(1, 0, 0)),
    ],
)
def test_count_items_pairs_variants_one_to_one(gold, predicted, expected):
    assert count_items(gold, predicted)[0] == expected


def test_match_items_returns_pairs_in_gold_order():
    assert match_items([("乙",), ("甲",)], [("甲",), ("乙",)]) == [(0, 1), (1, 0)]


def test_stories_pair_by_body_start_before_title():
    gold = [
        gold_story(title="组标题", body_start="检查5家药店"),
        gold_story(title="组标题", body_start="近日一封表扬信"),
    ]
    predicted = [
        story(0, "组标题", "近日，一封表扬信送到了区残联。"),
        story(1, "组标题", "检查5家药店，走访2家超市。"),
    ]
    assert match_stories(gold, predicted) == [(0, 1), (1, 0)]


def test_stories_fall_back_to_equal_titles():
    gold = [gold_story(title="日夜奋战的“超人”书记", body_start="不在正文里的开头")]
    predicted = [story(0, "日夜奋战的超人书记", "另一段正文")]
    assert match_stories(gold, predicted) == [(0, 0)]


def test_a_predicted_story_pairs_once():
    gold = [
        gold_story(title="同题", body_start="甲甲甲"),
        gold_story(title="同题", body_start="乙乙乙"),
    ]
    assert match_stories(gold, [story(0, "同题", "丙丙丙")]) == [(0, 0)]


def test_unmatched_stories_count_all_their_items():
    gold = GoldPage("p.txt", None, (gold_story(body_start="找不到", people=[GoldPerson("刘芳")]),))
    record = page(
        story(0, "别的", "别的正文", people=(PersonMention("徐晔"), PersonMention("马贵宝")))
    )
    score = score_page(gold, record)
    assert score.stories == Counts(0, 1, 1)
    assert score.counts["people"] == Counts(0, 2, 1)


def test_streets_match_on_their_mention_and_inferred_ones_are_not_scored():
    gold = gold_story(streets=[("三间房乡", "三间房")])
    predicted = story(
        streets=(
            StreetMention("三间房地区", mention="三间房"),
            StreetMention("东风地区", is_inferred=True),
        )
    )
    assert score_story(gold, predicted, "").counts["streets"] == Counts(1, 0, 0)


def test_inferred_districts_are_scored():
    gold = gold_story(districts=["朝阳区"])
    predicted = story(
        districts=(DistrictMention("朝阳区", is_inferred=True), DistrictMention("丰台区"))
    )
    assert score_story(gold, predicted, "").counts["districts"] == Counts(1, 1, 0)


def test_repeated_predictions_count_once():
    gold = gold_story(communities=["聚福苑社区"])
    predicted = story(communities=(CommunityMention("聚福苑社区"), CommunityMention("聚福苑社区")))
    assert score_story(gold, predicted, "").counts["communities"] == Counts(1, 0, 0)


def test_bylines_score_names_not_roles():
    gold = gold_story(bylines=["史莉"])
    predicted = story(byline=(Byline("史莉", "摄影"), Byline("史莉", "通讯员")))
    assert score_story(gold, predicted, "").counts["bylines"] == Counts(1, 0, 0)


def test_people_figures_use_people_paired_by_name():
    gold = gold_story(
        people=[
            GoldPerson("钱诚", (("社区党总支书记",), ("居委会主任",)), "社区书记", None),
            GoldPerson("李昊", (("党员", "年轻党员"),), "党员", 25),
            GoldPerson("司德", (), "志愿者", None),
        ]
    )
    predicted = story(
        people=(
            PersonMention(
                "钱诚", title="书记", titles=("居委会主任",), role_category="community-secretary"
            ),
            PersonMention("李昊", title="干部", role_category="property-company-staff", age=25),
            PersonMention("韩鲁宁", role_category="sent-down-cadre", age=30),
        )
    )
    score = score_story(gold, predicted, "")
    assert score.counts["people"] == Counts(2, 1, 1)
    assert score.role == Ratio(1, 2)  # 李昊's category is wrong; 韩鲁宁 and 司德 are not paired
    assert score.title == Ratio(1, 2)  # 钱诚 by one of titles; 李昊's 干部 is no gold title
    assert score.age == Ratio(1, 1)  # 钱诚 has no age on either side, so is not counted


def test_every_gold_role_category_is_paired_with_a_fixture_slug():
    assert sorted(ROLE_CATEGORIES - ROLE_SLUGS.keys()) == []


def test_first_mention_of_a_repeated_person_is_judged():
    gold = gold_story(people=[GoldPerson("刘芳", (), "社区书记", None)])
    predicted = story(
        people=(
            PersonMention("刘芳", role_category="community-secretary"),
            PersonMention("刘芳", role_category="resident"),
        )
    )
    score = score_story(gold, predicted, "")
    assert (score.counts["people"], score.role) == (Counts(1, 0, 0), Ratio(1, 1))


@pytest.mark.parametrize(
    ("gold_range", "predicted_range", "hit"),
    [
        ((None, None), ("", ""), True),
        (("2020-06-11", "2020-07-13"), ("2020-06-11", "2020-07-13"), True),
        (("2020-06-11", "2020-07-13"), ("2020-06-11", ""), False),
    ],
)
def test_date_range_is_exact_on_both_ends(gold_range, predicted_range, hit):
    gold = GoldStory("标题", "正文开头十二个字符在这里", (), gold_story().items, *gold_range)
    predicted = story(date_start=predicted_range[0], date_end=predicted_range[1])
    assert score_story(gold, predicted, "").date_range == Ratio(int(hit), 1)


@pytest.mark.parametrize(
    ("dates", "year", "expected"),
    [
        (["2020-07-13", "2020-06-13", "2020-06-11"], 2020, ("2020-06-11", "2020-07-13")),
        (["2020-01-26", "2020-01", "2018-11"], 2020, ("2020-01", "2020-01")),  # month spans
        (["2022-04-02", "2022-03"], 2022, ("2022-03", "2022-04-02")),
        (["2019-08"], 2020, (None, None)),  # other years never count
        (["2020-02-03"], None, (None, None)),  # no known year
    ],
)
def test_date_range_keeps_the_pages_year(dates, year, expected):
    assert date_range(dates, year) == expected


def test_gold_segments_cut_at_body_starts_and_titles():
    text = "标题一\n\n第一篇 正文开头。第一篇结尾。\n\n标题二\n\n第二篇正文开头。第二篇结尾。"
    stories = [
        gold_story(title="标题一", body_start="第一篇正文开头"),
        gold_story(title="标题二", body_start="第二篇正文开头"),
    ]
    assert gold_segments(text, stories) == [
        "第一篇正文开头。第一篇结尾。",
        "第二篇正文开头。第二篇结尾。",
    ]


def test_baseline_takes_distinct_person_tags():
    names = baseline_names("社区党委书记刘芳带领社区干部入户，刘芳说王小明也来了。")
    assert names == [("刘芳",), ("王小明",)]


def test_check_gold_reports_a_missing_body_start_and_a_wrong_range():
    gold = GoldPage(
        "p.txt",
        None,
        (GoldStory("标题", "不在页面上", (), gold_story(dates=["2020-02-03"]).items, None, None),),
    )
    problems = check_gold(gold, "页面正文", 2020)
    assert len(problems) == 2


def test_failed_targets_name_what_fell_short():
    score = Score()
    score.role = Ratio(1, 2)
    assert failed_targets(score) == ["role"]


def test_report_marks_targets_and_leaves_the_baseline_without_one():
    score = Score()
    score.role = Ratio(1, 2)
    lines = report(score, with_targets=True)
    assert next(line for line in lines if line.startswith("role")).endswith("FAIL")
    assert next(line for line in lines if line.startswith("stories")).endswith("PASS")
    assert next(line for line in lines if line.startswith("jieba")).endswith("—")


def test_manifest_leaves_unknown_fields_empty(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text(
        "filename,publication,issue_date,year,city,home_district\n"
        "a.txt,丰台报,,2020,北京市,丰台区\nb.txt,,,,,\n",
        encoding="utf-8",
    )
    metas = load_manifest(path)
    assert metas["a.txt"] == PageMeta(
        publication="丰台报", year=2020, city="北京市", home_district="丰台区"
    )
    assert metas["b.txt"] == PageMeta()


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.name)
def test_gold_body_starts_and_date_ranges_agree_with_the_pages(dataset):
    pages = dataset.gold_pages()
    metas = load_manifest(dataset.manifest) if pages else {}
    problems = []
    for gold in pages:
        text = read_page(gold.page_path).text
        problems += check_gold(gold, text, metas[gold.source].year or gold.dated_year())
    assert problems == []


def test_strict_run_fails_when_seed_targets_fail(monkeypatch, capsys):
    monkeypatch.setattr(
        scoring.pipeline,
        "parse_page",
        lambda text, filename, meta: PageRecord(filename, "", text, meta=meta),
        raising=False,
    )
    assert scoring.main(["--only", "003_4b80dfd83c4a220d"]) == 0
    assert scoring.main(["--only", "003_4b80dfd83c4a220d", "--strict"]) == 1
    assert "stories" in capsys.readouterr().out


def test_only_rejects_an_unknown_page():
    with pytest.raises(SystemExit):
        scoring.main(["--only", "no_such_page"])
