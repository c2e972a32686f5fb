"""stories.pipeline.segment, end to end through parse_page: how a page's text becomes
stories, with their headlines, credits and bodies in page order.

The pages are invented (Nanjing, 鼓楼区 宁海路街道) unless a comment names the seed an
excerpt comes from. A page is written as its paragraphs, which OCR separates by blank lines.
"""

import pytest

from stories.pipeline import Byline, PageMeta, parse_page
from stories.pipeline.segment import segment_page

META = PageMeta(year=2020, city="南京市")


def page(*paragraphs):
    return "\n\n".join(paragraphs) + "\n"


def stories(*paragraphs):
    return parse_page(page(*paragraphs), filename="page.txt", meta=META).stories


LEAD_STORY = (
    "古林社区的“守门人”",
    "本报讯（通讯员 韦晓岚）凌晨一点，古林社区的值班室里还亮着灯。"
    "社区党委书记柏文涛刚刚送走最后一批返宁人员，又拿起电话核对第二天的排查名单。",
    "“只要居民平安，熬几个通宵也值得。”柏文涛说。",
)


def test_headline_and_benbao_lead_make_one_story_with_title_and_byline():
    [story] = stories(*LEAD_STORY)

    assert (story.title, story.byline) == ("古林社区的“守门人”", (Byline("韦晓岚", "通讯员"),))


FIRST_STORY = (
    "一碗热汤暖人心",
    "山西路社区的网格员龚雪梅这几天格外忙碌。"
    "辖区里有二十多位独居老人需要长期服药，她每天背着药箱挨家挨户上门送药。",
    "“老人们信得过我，我就得把这件事做好。”龚雪梅说。",
)
SECOND_STORY = (
    "夜色里的测温点",
    "晚上十点，天津新村社区的测温点依旧灯火通明。"
    "志愿者蒲建平裹着军大衣，为每一位进出小区的居民测量体温。",
)


@pytest.mark.parametrize(
    ("credit", "byline"),
    [
        ("供稿/蒋晓彤", Byline("蒋晓彤", "供稿")),
        ("文/记者 欧阳蕾", Byline("欧阳蕾", "记者")),
    ],
)
def test_end_credit_closes_a_story_and_the_next_headline_opens_another(credit, byline):
    found = stories(*FIRST_STORY, credit, *SECOND_STORY)

    assert [(s.title, s.byline) for s in found] == [
        ("一碗热汤暖人心", (byline,)),
        ("夜色里的测温点", ()),
    ]


ITEMS = (
    "战疫一线的平凡人",
    "■在古林社区的卡口，总能看到一个穿红马甲的身影。"
    "她是社区党员志愿者邵美芬，今年58岁，每天早上七点就到岗。（戚晓丹）",
    "■2月6日，山西路社区的社区工作者鲍俊把二十斤蔬菜送到了居家隔离的居民门口。"
    "“大家安心在家，我们跑腿。”鲍俊说。（童丽 潘一鸣 祁东明）",
)


def test_each_item_is_a_story_with_the_group_heading_as_kicker():
    found = stories(*ITEMS)

    assert [(s.kicker, s.body[:8]) for s in found] == [
        ("战疫一线的平凡人", "在古林社区的卡口"),
        ("战疫一线的平凡人", "2月6日，山西路"),
    ]


def test_trailing_credit_gives_one_byline_per_name_between_the_spaces():
    item = stories(*ITEMS)[1]

    assert item.byline == (
        Byline("童丽", "作者"),
        Byline("潘一鸣", "作者"),
        Byline("祁东明", "作者"),
    )


def test_trailing_credit_is_cut_from_the_body():
    item = stories(*ITEMS)[1]

    assert item.body[-5:] == "”鲍俊说。"


def test_trailing_credit_names_are_not_people():
    item = stories(*ITEMS)[1]

    assert {"童丽", "潘一鸣", "祁东明"} & {p.name for p in item.people} == set()


def test_words_of_the_group_heading_are_not_people():
    item = stories(*ITEMS)[1]

    assert [p.name for p in item.people] == ["鲍俊"]


def test_markdown_headline_after_banner_and_kicker_is_the_title():
    [story] = stories(
        "# 同心战疫 守护家园",
        "## 连续奋战四十天，社区干部守住“小门”——",
        "# “只要大家平安，累点不算啥”",
        "本报记者 卓雅琴",
        "2月10日凌晨，天津新村社区党委书记阚立新还在整理当天的排查表。",
    )

    assert (story.title, story.byline) == (
        "“只要大家平安，累点不算啥”",
        (Byline("卓雅琴", "记者"),),
    )


def test_level_three_headings_are_subheadings_inside_the_story():
    [story] = stories(
        "# 守好小区每一扇门",
        "本报记者 卓雅琴",
        "天津新村社区辖区内有12个老旧小区，出入口多、人员流动大。"
        "社区党委书记阚立新把全体社工分成三组，轮流值守。",
        "### 封堵出入口",
        "社区工作者卞海燕带着志愿者，用两天时间把23个出入口封到只剩4个。",
        "### 上门送物资",
        "居家隔离的居民需要什么，社区就送什么。卞海燕说：“我们就是大家的跑腿员。”",
    )

    assert ("封堵出入口" in story.body, "上门送物资" in story.body) == (True, True)


def test_paragraph_wrapped_across_a_blank_line_is_joined():
    [story] = stories(
        "暖心驿站",
        "本报讯（记者 庞雨菲）古林社区的党群服务中心门口，每天早上都摆着一张长桌，"
        "社区工作者邬小萌在这里为过往的环卫工人",
        "和快递小哥准备热水和口罩。",
        "“他们也在一线，我们得照顾好他们。”邬小萌说。",
    )

    assert "为过往的环卫工人和快递小哥准备热水" in story.body


def caption_story(caption):
    return (
        "守在楼门口的“老兵”",
        "本报讯（通讯员 韦晓岚）山西路社区的楼栋长芮国平是一名退役军人。"
        "封控以来，他每天守在楼门口，帮独居老人",
        caption,
        "取快递、倒垃圾，还把每户的需求记在一个小本子上。",
    )


# Seed 001: a caption without ▲, ending in its photographer's credit, inside a sentence.
SEED_001_CAPTION = (
    "转岗不离岗 “党员阳光护送队”为居民撑起疫情防控“安全伞”",
    "本报讯(通讯员 史莉)此外,钱秀英还自费购买84消毒液,"
    "每日与邻居联手清洁消毒西宏苑小区11号楼的楼道走廊,地面经过消毒清洁被擦",
    "“党员阳光护送队”队员走进小区楼门庭院,积极做好清洁消杀、防疫宣传等工作。史莉/摄",
    "得光亮,让居民十分安心。",
)


@pytest.mark.parametrize(
    ("paragraphs", "joined", "caption"),
    [
        pytest.param(
            caption_story("▲芮国平（右）为居民登记信息。 栾一帆/摄"),
            "帮独居老人取快递",
            "芮国平（右）为居民登记信息",
            id="triangle",
        ),
        pytest.param(
            caption_story("芮国平为居民登记信息。 栾一帆/摄"),
            "帮独居老人取快递",
            "芮国平为居民登记信息",
            id="photo-credit",
        ),
        pytest.param(SEED_001_CAPTION, "被擦得光亮", "队员走进小区楼门庭院", id="seed-001"),
    ],
)
def test_caption_dropped_mid_sentence_stays_with_the_story_and_the_sentence_is_joined(
    paragraphs, joined, caption
):
    [story] = stories(*paragraphs)

    assert (joined in story.body, caption in story.body) == (True, True)


EDITORS_NOTE = (
    "编者按：疫情发生以来，我区各社区的党员干部日夜奋战在一线。本报今起推出专栏，讲述他们的故事。"
)
NIGHT_SHIFT = (
    "凌晨两点，十五奎巷社区的值班室里依然亮着灯。社区党委书记岑丽华刚刚核完当天的排查数据。"
)


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(
            (EDITORS_NOTE, "十五奎巷的“夜行者”", NIGHT_SHIFT, "文/记者 卓雅琴"),
            id="headline-then-body",
        ),
        pytest.param(
            (
                EDITORS_NOTE,
                "十五奎巷的“夜行者”",
                "——记十五奎巷社区党委书记岑丽华",
                "本报记者 卓雅琴",
                NIGHT_SHIFT,
            ),
            id="headline-subtitle-byline",
        ),
    ],
)
def test_editors_note_belongs_to_the_story_after_it(paragraphs):
    found = stories(*paragraphs)

    assert [(s.title, s.body[:4]) for s in found] == [("十五奎巷的“夜行者”", "编者按：")]


ORPHAN_BODY = (
    "“3号楼的居民，请下楼做核酸检测……”清晨六点，古林社区的广播准时响起。"
    "社区党委书记符海鹰已经在小区门口站了一个小时。",
    "“大家配合，我们就有信心。”符海鹰说。",
)
ORPHAN_REST = (
    "## 清晨六点的广播",
    "▲符海鹰在小区门口为居民登记信息",
    "## 老旧小区里的“红色管家”",
    "本报记者 卓雅琴",
    "山西路社区的老旧小区没有物业，社区党委副书记骆婷说，党员就是大家的“管家”。",
)


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param((*ORPHAN_BODY, *ORPHAN_REST), id="no-credit"),
        # Seed 003 prints its first headline after the credit that ends the story.
        pytest.param((*ORPHAN_BODY, "（区委组织部供稿 温雅/文）", *ORPHAN_REST), id="credit"),
    ],
)
def test_headline_printed_after_its_body_goes_back_to_that_story(paragraphs):
    found = stories(*paragraphs)

    assert [(s.title, s.body[:6]) for s in found] == [
        ("清晨六点的广播", "“3号楼的居"),
        ("老旧小区里的“红色管家”", "▲符海鹰在小"),
    ]


def test_caption_and_photo_credit_after_a_story_are_a_photo_story_of_their_own():
    found = stories(
        *LEAD_STORY,
        "2月18日，宁海路街道的志愿者在菜场门口为市民测量体温。",
        "栾一帆 摄",
        "雨夜里的卡口",
        "本报讯（记者 庞雨菲）深夜的雨越下越大，古林社区卡口的帐篷里，"
        "社区工作者詹小凤还在登记进出车辆。",
    )

    assert [(s.body[:6], s.byline) for s in found] == [
        ("本报讯（通讯", (Byline("韦晓岚", "通讯员"),)),
        ("2月18日，", (Byline("栾一帆", "摄影"),)),
        ("本报讯（记者", (Byline("庞雨菲", "记者"),)),
    ]


def test_a_dated_caption_that_shows_the_storys_people_stays_in_the_story():
    shown = "社区党委书记柏文涛在古林社区卡口"
    found = stories(
        *LEAD_STORY,
        f"▲2月5日早晨，{shown}核对返宁人员名单。记者 庞雨菲 摄",
        "雨夜里的卡口",
        "深夜的雨越下越大，社区工作者詹小凤还在登记进出车辆。",
    )
    assert [s.title for s in found] == ["古林社区的“守门人”"]
    assert shown in found[0].body and "詹小凤" in found[0].body


def test_a_trailing_credit_before_a_sites_separator_is_the_storys():
    [story] = stories(
        "社区书记的三十个日夜",
        "社区书记柏文涛说，大家都很配合，用行动诠释了志愿服务精神。"
        " (记者雷永福实习记者李永利实习生王忠华) |",
    )
    assert [b.name for b in story.byline] == ["雷永福", "李永利", "王忠华"]
    assert [p.name for p in story.people] == ["柏文涛"]


def test_a_writer_and_a_photographer_credited_after_the_text_end_the_story():
    found = stories(
        "东安集团职工夏廷绅是一名资深志愿者，多次参与抗疫一线的志愿活动。"
        "他努力用自己的力量帮助居民解决问题。李鹏 本报记者 薛婧摄",
        "23日晚，金碧物业恒大名都项目部突然接到社区通知，需要对部分单元临时封控。"
        "物业工作人员刘建平连夜安抚居民。",
    )
    assert [([b.name for b in s.byline], [p.name for p in s.people]) for s in found] == [
        (["李鹏", "薛婧"], ["夏廷绅"]),
        ([], ["刘建平"]),
    ]


def test_credited_names_are_bylines_and_never_people():
    [story] = stories(
        "守在卡口的人",
        "本报讯（记者 庞雨菲 通讯员 韦晓岚）2月12日，记者庞雨菲在古林社区的卡口看到，"
        "社区工作者詹小凤正在登记进出车辆。",
        "▲詹小凤在卡口登记进出车辆。栾一帆/摄",
    )

    assert ([b.name for b in story.byline], [p.name for p in story.people]) == (
        ["庞雨菲", "韦晓岚", "栾一帆"],
        ["詹小凤"],
    )


def test_credited_name_run_into_the_next_credit_word_is_no_person():
    [story] = stories(
        "新华网讯（记者卓雅琴图/记者韦晓岚摄）2月12日，社区工作者詹小凤在古林社区的卡口"
        "登记进出车辆，她已经在这里守了十多天。",
    )

    assert [p.name for p in story.people] == ["詹小凤"]


def test_photos_of_one_day_above_a_lead_belong_to_its_story_after_the_lead():
    captions = (
        "2月12日，在古林社区，社区党委书记柏文涛正在为居民测量体温。",
        "2月12日，在宁海路街道山西路社区，网格员龚雪梅为独居老人送菜。",
    )
    lead = (
        "南京网讯（记者卓雅琴）疫情发生以来，宁海路街道的社区工作者日夜坚守在防控一线，"
        "为居民筑起一道道安全屏障。"
    )
    [story] = stories(*captions, lead, "柏文涛说，只要居民平安，再累也值得。")

    assert story.title.startswith("疫情发生以来，")  # neither a caption nor the agency's credit
    assert story.body.split("\n\n")[:3] == [lead, *captions]
    assert {p.name for p in story.people} == {"柏文涛", "龚雪梅"}


def test_a_transcribed_speakers_turn_is_a_paragraph_of_its_own_without_end_punctuation():
    # A TV report's transcript: each turn on its own line, not always punctuated at its end.
    text = (
        "疫情发生以来，宁海路街道的党员干部下沉到社区，为居民做好生活保障\n"
        "鼓楼区宁海路街道古林社区 党委书记 柏文涛:大家放心，菜马上就给您送到家门口\n"
        "龚佩祥是鼓楼医院的一名儿科大夫，下了夜班就赶到社区帮忙\n"
    )
    [story] = parse_page(text, filename="page.txt", meta=META).stories

    assert story.body.split("\n\n")[1:] == [
        "鼓楼区宁海路街道古林社区党委书记柏文涛:大家放心，菜马上就给您送到家门口",
        "龚佩祥是鼓楼医院的一名儿科大夫，下了夜班就赶到社区帮忙",
    ]
    assert [p.name for p in story.people] == ["柏文涛", "龚佩祥"]


def test_positions_count_the_stories_in_page_order():
    found = stories(*FIRST_STORY, "供稿/蒋晓彤", *SECOND_STORY, "供稿/蒋晓彤", *LEAD_STORY)

    assert [(s.position, s.title) for s in found] == [
        (0, "一碗热汤暖人心"),
        (1, "夜色里的测温点"),
        (2, "古林社区的“守门人”"),
    ]


def _wrapped(text, width):
    """The page as OCR that breaks every line at the column width would give it."""
    out = []
    for paragraph in text.split("\n\n"):
        lines = [paragraph[i : i + width] for i in range(0, len(paragraph), width)]
        out.append("\n".join(lines))
    return "\n".join(out)


def test_page_wrapped_at_the_column_width_is_read_as_paragraphs():
    page = "\n\n".join(
        [
            "宁海路街道防疫一线见闻",
            "本报讯（通讯员 黎晓燕）2月5日清晨，宁海路街道颐和路社区党委书记谭丽萍早早来到卡口，"
            "和志愿者一起为进出的居民测量体温、登记信息，一直忙到深夜才回家。",
            "她说，社区里老人多，大家的安全比什么都重要，辛苦一点不算什么。",
            "夜色中的守门人",
            "本报讯（记者 卓雅琴）连日来，天津新村社区的下沉干部邬志强坚守在小区门口，"
            "白天值守卡口，晚上帮独居老人代购生活用品，居民们都亲切地叫他“邬哥”。",
        ]
    )

    found = segment_page(_wrapped(page, 18))

    assert [(s.title, s.paragraphs[0][:12]) for s in found] == [
        ("宁海路街道防疫一线见闻", "本报讯（通讯员黎晓燕）2"),
        ("夜色中的守门人", "本报讯（记者卓雅琴）连日"),
    ]


def test_indented_page_wrapped_at_the_column_width_keeps_headlines_apart():
    page = "\n".join(
        [
            "楼道里的“守夜人”",
            "记者 卓雅琴",
            "　　2月10日晚上十点，宁海路街道颐和路社",
            "区的办公室依然灯火通明。社区党委书记谭丽",
            "萍一边核对名单，一边安排第二天的物资配送",
            "。",
            "　　社区里老旧楼栋多，不少楼道没有路灯。",
            "每天晚上，谭丽萍都要打着手电筒把各个片区",
            "走一遍，看看哪家窗户没亮灯。",
            "菜篮子送到家门口",
            "通讯员 黎晓燕",
            "　　连日来，天津新村社区的志愿者每天把蔬",
            "菜包送到独居老人家门口，一直忙到深夜。",
        ]
    )

    found = segment_page(page)

    assert [(s.title, len(s.paragraphs)) for s in found] == [
        ("楼道里的“守夜人”", 2),
        ("菜篮子送到家门口", 1),
    ]


def test_headline_after_a_story_credited_at_its_top_starts_the_next_story_with_an_end_credit():
    found = stories(
        "城中村里的“守门人”",
        "本报记者 卓雅琴",
        "2月10日零时起，沙井村实行封闭管理，村党支部书记邬志强带着村干部守在村口。",
        "封村那天晚上，邬志强在村口一直站到后半夜。",
        "物业经理的“购物清单”",
        "封控以来，小区物业服务团队的11个人全部吃住在小区里，为居民代购生活用品。",
        "（记者 卓雅琴）",
    )

    assert [s.title for s in found] == ["城中村里的“守门人”", "物业经理的“购物清单”"]


def test_a_subtitle_line_above_the_credit_is_the_storys_subtitle_not_a_story():
    found = stories(
        "——这是一名普通村干部的故事，也是这个春节里千千万万基层干部的故事",
        "新甘肃·甘肃日报记者 周丽华",
        "一个月前，一场全民参与的疫情防控阻击战在全国打响。",
        "村党支部书记王强每天守在卡口。",
    )
    assert len(found) == 1
    assert found[0].byline == (Byline("周丽华", "记者"),)
    assert found[0].body.startswith("一个月前")
