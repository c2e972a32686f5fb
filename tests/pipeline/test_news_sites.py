"""News-site layouts (issue 8): page furniture, datelines, credits at either end, agency
leads. Every page here was written for the test, in the shapes real news sites print.
"""

import pytest

from stories.pipeline import Byline, PageMeta, parse_page
from stories.pipeline.bylines import parse_credit, parse_source_line
from stories.pipeline.furniture import is_furniture, masthead

BODY = (
    "疫情发生以来，长青路社区党委书记郑晓岚带领社区工作者挨家挨户排查，"
    "每天工作十几个小时。“居民安心，我们就安心。”郑晓岚说。"
)


def parse(*lines, meta=None):
    text = "\n".join(lines) + "\n"
    return parse_page(text, filename="site.txt", meta=meta or PageMeta(city="南京市"))


def only_story(*lines):
    """The one story a page of these lines must make."""
    (story,) = parse(*lines).stories
    return story


@pytest.mark.parametrize(
    "line",
    [
        "您当前的位置 : 首页 > 新闻中心 > 社会民生",
        "当前位置：首页 > 本地新闻",
        "首页 > 滚动 > 江苏",
        "返回主页 | 金陵晚报 | 版面导航 | 标题导航",
        "分享到：",
        "微博 微信 QQ空间",
        "搜 索",
        "关注金陵网",
        "新闻频道首页",
        "金陵网 正文",
        "当前版: A4版 上一版 下一版",
        "[导读]社区干部连续奋战三十天",
        "核心提示：金陵晚报记者 王晓明 受访者供图社区干部连续奋战三十天……",
        "本文为金陵网原创稿件，转载请注明出处。",
        "请扫二维码看更多故事",
        "欢迎来到金陵网！",
        "2021-12-15 11:35:22 来源：金陵网  作者：",
        "时间:2021-07-28 18:28:58来源:金陵客户端",
        "2021年11月15日 15:10 来源：金陵网 编辑：王某",
        "日期查询:2022年02月11日",
        "2020-03-05 10:12    金陵网-金陵日报   记者 王晓明 通讯员 李芳",
        "头条 图片 本地 时事 原创 直播 专题 爱心 问政",
        "微信图片_20200130152210.jpg",
        # The site's footer.
        "金陵日报报业集团 金陵新传媒有限公司 Copyright 2000-2020 JLNEWS.NET All Rights Reserved",
        "地址:南京市鼓楼区宁海路88号 邮编:210000 新闻热线:025-12345678",
        "【金陵手机报订阅:移动用户发送短信jl到10650000】",
        "互联网新闻信息服务许可证号:32120170001",
        "工信部ICP备案编号: 苏ICP备10000000号-4",
        "法律顾问:金陵律师事务所 电话:13300000000",
        # A menu printed one bulleted item a line.
        "  • 时政",
        "  • 更多>>",
        "  • 报 纸",
        "人工智能朗读:",
        "北京某某医院在哪里 https://disease.example.net/q1vhokb.html",  # a linked ad
        "金陵新闻网乡镇融合作热线:025-65179778      来稿邮箱:jlxz@example.com",
        "[2025-06-15] -",
        " 社区网格员发挥大作用00:0001:03打开凤凰新闻客户端 提升3倍流畅度",
    ],
)
def test_web_furniture_belongs_to_no_story(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        "社区是防疫的第一线",  # a short headline
        "2月3日，社区开始实行封闭管理。",
        "记者 王晓明 通讯员 李芳",
        "• 社区工作人员每天上门测量体温。",
    ],
)
def test_story_text_is_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2021-12-15 11:35:22 来源：金陵网  作者：", ("金陵网", "2021-12-15")),
        ("发布时间：2020-02-03 10:00", ("", "2020-02-03")),
        ("02.02.2020 12:25", ("", "2020-02-02")),
        ("金陵社区报  2022年3月25日  星期五  第3版", ("金陵社区报", "2022-03-25")),
        ("2020-02-30 10:00", None),  # no such day
        ("2月3日，社区开始实行封闭管理。", None),
    ],
)
def test_a_dateline_gives_the_pages_source_and_date(line, expected):
    assert masthead(line) == expected


def test_a_news_site_page_is_one_story_whatever_its_furniture():
    page = parse(
        "您当前的位置 : 首页 > 新闻 > 社会",
        "社区书记的三十个日夜",
        "2020-02-20 09:30:00 来源：金陵网",
        "分享到：",
        "微博",
        BODY,
        "（记者 王晓明 通讯员 李芳）",
        "本文为金陵网原创稿件，转载请注明出处。",
    )
    assert len(page.stories) == 1
    story = page.stories[0]
    assert story.title == "社区书记的三十个日夜"
    assert [b.name for b in story.byline] == ["王晓明", "李芳"]
    assert [p.name for p in story.people] == ["郑晓岚"]
    assert page.meta.issue_date == "2020-02-20"
    assert page.meta.year == 2020


def test_two_line_subheadings_of_an_uncredited_article_stay_inside_it():
    page = parse(
        "挨家挨户排查",
        "把宣传单送到每家门口",
        BODY,
        "设置卡口",
        "严格登记进出人员",
        "长青路社区在三个出入口设置检查点，二十四小时值守。",
    )
    assert len(page.stories) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新华社记者王晓明、李芳", [("王晓明", "记者"), ("李芳", "记者")]),
        ("金陵日报全媒体记者 赵一鸣", [("赵一鸣", "记者")]),
        ("文、图/金陵晚报全媒体记者周密、杨晨", [("周密", "记者"), ("杨晨", "记者")]),
        # A rare surname is still a name after a role word.
        ("记者 衣晓东 通讯员 孟飞", [("衣晓东", "记者"), ("孟飞", "通讯员")]),
        # A page that lost its non-breaking spaces to "?".
        ("记者?潘晓?通讯员?刘合?李霞", [("潘晓", "记者"), ("刘合", "通讯员"), ("李霞", "通讯员")]),
        ("金陵日报社全媒体记者 靳 民", [("靳民", "记者")]),  # a two-character name padded
        ("东北区：张军 报道", [("张军", "记者")]),  # the correspondent's desk is no credit
        ("文 | 王晓明", [("王晓明", "文")]),
        ("供图：李芳", [("李芳", "摄影")]),
        ("记者 王晓明 摄影报道", [("王晓明", "摄影")]),
    ],
)
def test_news_site_credits(text, expected):
    assert parse_credit(text) == [Byline(name, role) for name, role in expected]


def test_two_names_that_lost_their_space_are_two_reporters():
    assert parse_credit("吴平华黄成薇", bare_names_role="记者") == [
        Byline("吴平华", "记者"),
        Byline("黄成薇", "记者"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("（来源：金陵广电中心站/陈志明 通讯员/孟烨）", [("陈志明", "记者"), ("孟烨", "通讯员")]),
        ("来源：金陵网", []),
        ("来源: 朱洪园", [("朱洪园", "作者")]),  # a person, not an outlet
        ("来源：江宁", []),  # a district's short name
        ("来源于社区的排查数据显示，返宁人员已全部登记。", None),
    ],
)
def test_a_source_line_credits_its_names_and_never_the_outlet(line, expected):
    found = parse_source_line(line)
    assert found == (None if expected is None else [Byline(n, r) for n, r in expected])


def test_an_agency_lead_credits_its_bare_names_and_keeps_its_end_credit():
    story = only_story(
        "社区里的“守门人”",
        "金陵网南京2月3日电(王晓明、李芳)" + BODY,
        "长青路社区共有居民三千余户，外来人口占一半以上，排查任务繁重。"
        "社区工作者分成四组，每天从早上八点忙到晚上十点，没有一个人叫苦。（赵一鸣、周密）",
    )
    assert [b.name for b in story.byline] == ["王晓明", "李芳", "赵一鸣", "周密"]


def test_an_agency_headline_restated_in_the_lead_does_not_end_the_story_at_its_byline():
    story = only_story(
        "社区里的“守门人”",
        "新华社南京2月3日电 题：社区里的“守门人”——南京基层防控一线见闻",
        "新华社记者王晓明、李芳",
        BODY,
    )
    assert [b.name for b in story.byline] == ["王晓明", "李芳"]
    assert [p.name for p in story.people] == ["郑晓岚"]


def test_a_headline_run_into_its_agency_lead_is_split_off():
    page = parse(
        BODY,
        "慈善款物将专项审计 结果向社会公布 金陵网南京2月3日电(王晓明、李芳)2月3日，"
        "市民政局介绍了慈善捐赠款物的使用情况，所有款物将接受专项审计。",
    )
    assert [s.title for s in page.stories][1] == "慈善款物将专项审计 结果向社会公布"
    assert [b.name for b in page.stories[1].byline] == ["王晓明", "李芳"]


def test_a_headline_with_its_subtitle_and_a_quote_on_one_line_is_a_headline():
    story = only_story(
        "“大家都平安，我们就高兴”——长青路社区防疫见闻",
        "新华社南京2月15日电 题：“大家都平安，我们就高兴”——长青路社区防疫见闻",
        "新华社记者汪明",
        BODY,
    )
    assert story.title.startswith("“大家都平安")


def test_a_bracketed_kicker_a_headline_ending_in_a_noun_and_a_caption_before_the_lead():
    story = only_story(
        "【践行核心价值观】疫情防控期间，全区三万名志愿者走上一线，守护一方平安",
        "社区融媒体中心：奋战疫情防控宣传阵地",
        "记者工作现场。",
        "金陵网1月30日讯(记者 李江辉)" + BODY,
    )
    assert (story.kicker[:9], story.title) == (
        "【践行核心价值观】",
        "社区融媒体中心：奋战疫情防控宣传阵地",
    )
    assert [b.name for b in story.byline] == ["李江辉"]


def test_subheadings_of_an_article_credited_in_its_lead_stay_inside_it():
    story = only_story(
        "图访第一书记",
        "央广网新干2月14日消息(记者王一凡 通讯员李福孙)" + BODY,
        "正在进行体温测试",
        "“花式宣传”：让防疫宣传无死角",
        "农村的疫情防控，是重点也是难点，村里的大喇叭每天播放防疫知识。",
    )
    assert [b.name for b in story.byline] == ["王一凡", "李福孙"]


def test_a_headline_run_into_its_dateline_is_split_off_and_the_footer_is_furniture():
    page = parse(
        "社区书记的三十个日夜 2022-03-18 13:43:04  来源:金陵区人民政府",
        BODY,
        "主办单位：金陵区人民政府",
        "苏ICP备12345678号",
    )
    assert [s.title for s in page.stories] == ["社区书记的三十个日夜"]
    assert page.stories[0].organizations == ()


def test_numbered_photo_items_are_stories_of_their_own():
    page = parse(
        "众志成城，齐心抗疫",
        "①2月22日，长青路社区的志愿者在核酸检测点维持秩序。王晓明 摄",
        "②山西路社区的网格员上门登记返宁人员信息。李芳 摄",
    )
    assert len(page.stories) == 2


def test_a_reporter_credited_after_the_first_paragraph_credits_the_whole_article():
    story = only_story(
        "他们是社区的守护者，舍了小家，只为更多的人能平安。金陵日报·金陵新闻记者 崔艳红",
        "老城区的守护者 他带队竖起防护网",
        BODY,
    )
    assert [b.name for b in story.byline] == ["崔艳红"]
    assert "崔艳红" not in [p.name for p in story.people]


def test_a_dateline_credits_the_author_it_names_and_a_bulleted_credit_is_no_item():
    story = only_story(
        "社区书记的三十个日夜",
        "2021-12-15 11:35:22 来源：金陵网  作者：王晓明  编辑：李四",
        "■通讯员 赵一鸣",
        BODY,
    )
    assert [b.name for b in story.byline] == ["王晓明", "赵一鸣"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("来源:金陵日报 记者王晓明、通讯员李芳、赵一鸣", ["王晓明", "李芳", "赵一鸣"]),
        ("金陵网时刻通讯员 杜俊 南京报道", ["杜俊"]),
        ("陈怡帆 2020-03-03 |", ["陈怡帆"]),
        ("本报记者 胡晨 通讯员 康晓灿 徐嘉", ["胡晨", "康晓灿", "徐嘉"]),  # no site menu
        ("刘 巧 周人峰 钟阳阳", ["刘巧", "周人峰", "钟阳阳"]),  # names alone on their line
        ("【记者】:王晓明", ["王晓明"]),  # the role word in brackets
        ("南方财经全媒体记者郑玮 广州报道", ["郑玮"]),  # a brand before 全媒体
        ("金陵日报客户端记者任国战悦连城", ["任国战", "悦连城"]),  # a rare surname, glued
        ("青年报·青春金陵记者 范彦萍", ["范彦萍"]),  # the paper's brand after its dot
        ("看度记者:兰琳洁", ["兰琳洁"]),  # an app's brand, a colon
        ("□记 者 申 红 张鹏程", ["申红", "张鹏程"]),  # a bullet, padded words
        ("记者 王飞飞 通讯员 阳信台 徐青松", ["王飞飞", "徐青松"]),  # a county's station
    ],
)
def test_credit_lines_under_a_headline(line, expected):
    page = parse("社区书记的三十个日夜", line, BODY)
    assert [b.name for b in page.stories[0].byline] == expected


def test_a_bracketed_editor_credit_after_the_article_is_no_story():
    page = parse("社区书记的三十个日夜", BODY, "【责任编辑】:王某某")
    assert [s.title for s in page.stories] == ["社区书记的三十个日夜"]


def test_a_source_line_labels_its_author_among_its_editors_and_its_clock():
    story = only_story(
        "社区书记的三十个日夜", "来源: 金陵网 作者:晚报王晓明 编辑:李四 2022-01-19 14:45:00", BODY
    )
    assert [(b.name, b.role) for b in story.byline] == [("王晓明", "作者")]


def test_a_paragraph_opening_with_its_reporters_is_a_lead():
    story = only_story("社区书记的三十个日夜", "（记者 刘源）" + BODY)
    assert [b.name for b in story.byline] == ["刘源"]
    assert "刘源" not in [p.name for p in story.people]


def test_an_outlets_消息_opens_a_lead_and_a_bare_link_is_furniture():
    story = only_story(
        "社区书记的三十个日夜", "金陵网消息(记者 刘源)" + BODY, "https://img.example.cn"
    )
    assert [b.name for b in story.byline] == ["刘源"]


def test_a_column_label_ending_in_a_colon_above_the_headline_is_its_kicker():
    story = only_story(
        "抗击疫情金陵时刻：",
        "",
        "古林社区：防控做实做暖 隔离人群点赞",
        "",
        "记者 李江辉",
        "",
        BODY,
    )
    assert (story.kicker, story.title) == (
        "抗击疫情金陵时刻：",
        "古林社区：防控做实做暖 隔离人群点赞",
    )


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        (
            "2020-02-14 14:20 余莉 郭侨 潘建勇 金陵日报记者 苏文保 1110 点击",
            [("余莉", "作者"), ("郭侨", "作者"), ("潘建勇", "作者"), ("苏文保", "记者")],
        ),
        (
            "2020-03-05 10:12    金陵网-金陵日报   记者 王晓明 通讯员 李芳",
            [("王晓明", "记者"), ("李芳", "通讯员")],
        ),
        ("2020-03-05 10:12 金陵网-金陵日报", []),  # the source alone credits nobody
    ],
)
def test_names_after_a_datelines_clock_are_its_credits(dateline, expected):
    story = only_story("社区书记的三十个日夜", dateline, BODY)
    assert [(b.name, b.role) for b in story.byline] == expected


def test_a_column_label_and_its_opening_note_under_a_credited_headline_stay_in_its_story():
    story = only_story(
        "  • 首页",
        "  • 时政",
        "  • 更多>>",
        "",
        "    “老周”补位",
        "",
        "    作者:本报记者 王晓明 李芳 《金陵日报》( 2022年04月13日 01版)",
        "",
        "      【我在现场】",
        "",
        "    开栏的话",
        "",
        "      新闻现场就是记者的“战场”。从今天起，本报开设《我在现场》专栏。",
        "",
        "      " + BODY,
    )
    assert (story.title, [b.name for b in story.byline]) == ("“老周”补位", ["王晓明", "李芳"])


def test_a_sites_summary_above_its_article_is_no_story_of_its_own():
    summary = "现代城市，每个市民正从单位人演化为社区人。一个社区，就是一个小社会。"
    story = only_story(
        "在他们眼里，每一个社区就是一个堡垒",
        "",
        "分享",
        "人工智能朗读:",
        "",
        summary,
        "",
        "原标题：战疫中的社区书记",
        "",
        "在他们眼里，每一个社区就是一个堡垒",
        "",
        f"金陵日报2020年02月27日讯 {summary}社区书记张志红每天都守在卡口。",
        "",
        BODY,
    )
    assert story.title == "在他们眼里，每一个社区就是一个堡垒"
    assert "张志红" in story.body


def test_a_credit_run_into_the_lead_is_split_off():
    story = only_story(
        "社区书记的三十个日夜",
        "记 者 张凯凯 通讯员 娄嘉瑞 “各位居民朋友，新街社区现开展大规模核酸检测。”" + BODY,
    )
    assert [b.name for b in story.byline] == ["张凯凯", "娄嘉瑞"]
    assert story.body.startswith("“各位居民朋友")
    assert "张凯凯" not in [p.name for p in story.people]


def test_an_anonymous_author_credits_nobody():
    story = only_story("社区书记的三十个日夜", "时间:2021/5/23来源:本站原创作者:佚名", BODY)
    assert "佚名" not in [b.name for b in story.byline]


def test_photo_credits_do_not_make_the_end_credit_a_brief_of_its_own():
    story = only_story(
        "金陵：做好疫情防控第一道防线",
        "金陵网讯 “每天都要测体温，体温监测要记得早晚一次。”社区工作人员挨家挨户提醒。",
        "西市社区开展疫情防控工作。黄巍 摄",
        "中秋节，家家户户都盼团圆，但是西市社区的工作人员依然坚守在岗位上，"
        "一遍遍核对排查名单，直到深夜才离开办公室。",
        "这只是全区疫情防控工作的一个缩影。为做好疫情防控，全区取消中秋假期，各级干部下沉一线，"
        "各社区、乡镇、村（居）进行地毯式摸排，志愿者们指导居民预约核酸检测，"
        "时刻绷紧疫情防控这根弦，牢牢守住防疫安全底线。（谢心 黄巍 林锦旺）",
    )
    assert [b.name for b in story.byline] == ["黄巍", "谢心", "林锦旺"]


def test_a_headline_opening_with_图_is_no_photo_credit():
    story = only_story("图古日格的春节", BODY)
    assert (story.title, story.byline) == ("图古日格的春节", ())


def test_a_name_alone_above_the_text_that_never_mentions_it_is_the_author():
    [story] = parse("柳洁", BODY).stories
    assert [(b.name, b.role) for b in story.byline] == [("柳洁", "作者")]
    assert story.title != "柳洁"


def test_a_portrait_headed_by_its_subjects_name_keeps_it_as_headline():
    [story] = parse("郑晓岚", BODY).stories
    assert story.title == "郑晓岚"
    assert story.byline == ()
