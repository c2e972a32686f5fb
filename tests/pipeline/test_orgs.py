"""stories.pipeline.orgs: specifically named organisations, and the generic references
that are not (tests/data/ANNOTATION.md, "Organisations")."""

import pytest

from stories.pipeline import tokenizer
from stories.pipeline.locations import find_places, page_context
from stories.pipeline.orgs import find_organizations


def organizations(sentence, city="南京市"):
    """Names of the organisations in `sentence`, with the places found in it as the
    pipeline passes them."""
    places = find_places(sentence, page_context("", city=city))
    found = find_organizations(sentence, tokenizer.cut(sentence), places.spans)
    return [sentence[span.start : span.end] for span in found]


@pytest.mark.parametrize(
    ("sentence", "city", "expected"),
    [
        pytest.param(
            "区人力社保局的三十多名干部下沉到社区，协助开展排查。",
            "南京市",
            ["区人力社保局"],
            id="bureau",
        ),
        pytest.param("区委组织部派出督查组到社区检查。", "南京市", ["区委组织部"], id="party-body"),
        pytest.param(
            "据武宣县委组织部统计，全县有1000名党员下沉。",
            "来宾市",
            ["武宣县委组织部"],
            id="a-countys-committee",
        ),
        pytest.param(
            "西宁市审批局的干部下沉到社区。", "西宁市", ["西宁市审批局"], id="a-bureaus-function"
        ),
        pytest.param("区疾控中心的流调人员连夜赶到小区。", "南京市", ["区疾控中心"], id="cdc"),
        pytest.param(
            "鼓楼区卫健委组织了专家组。", "南京市", ["鼓楼区卫健委"], id="district-commission"
        ),
        pytest.param(
            "南京市鼓楼医院派出医疗队支援社区核酸采样。",
            "南京市",
            ["南京市鼓楼医院"],
            id="hospital",
        ),
        pytest.param(
            "宁海路街道社区卫生服务中心的医护人员每天上门随访。",
            "南京市",
            ["宁海路街道社区卫生服务中心"],
            id="health-centre",
        ),
        pytest.param("金陵中学的老师们组成了线上辅导小组。", "南京市", ["金陵中学"], id="school"),
        pytest.param(
            "南京师范大学的学生志愿者参与了物资分装。",
            "南京市",
            ["南京师范大学"],
            id="university",
        ),
        pytest.param(
            "由退休党员组成的“银发守护志愿服务队”每天在小区巡逻。",
            "南京市",
            ["银发守护志愿服务队"],
            id="quoted-volunteer-team",
        ),
        pytest.param(
            "南京苏果超市有限公司向社区捐赠了一批蔬菜。",
            "南京市",
            ["南京苏果超市有限公司"],
            id="company",
        ),
        pytest.param(
            "春熙路街道派出所的民警加强了夜间巡逻。",
            "成都市",
            ["春熙路街道派出所"],
            id="police-station",
        ),
        pytest.param(
            "由退休党员组成的“夕阳红”志愿服务队每天在小区巡逻。",
            "南京市",
            ["“夕阳红”志愿服务队"],
            id="quoted-name-before-team-word",
        ),
        pytest.param(
            "江苏银城物业服务有限公司的员工坚守在小区门口。",
            "南京市",
            ["江苏银城物业服务有限公司"],
            id="company-with-service-in-its-name",
        ),
        pytest.param(
            "书院街街道社区卫生服务中心的医护人员每天上门随访。",
            "成都市",
            ["书院街街道社区卫生服务中心"],
            id="health-centre-of-a-street-ending-in-jie",
        ),
        pytest.param(
            "宁海路派出所的民警加强了夜间巡逻。",
            "南京市",
            ["宁海路派出所"],
            id="police-station-with-street-short-name",
        ),
        pytest.param(
            "区文化旅游(文物)局的干部下沉到古林社区。",
            "南京市",
            ["区文化旅游(文物)局"],
            id="another-name-in-brackets",
        ),
        pytest.param(
            "江北新区（浦口区）人民检察院的干部为居民送菜。",
            "南京市",
            ["江北新区（浦口区）人民检察院"],
            id="another-place-in-brackets",
        ),
        pytest.param(
            "江苏安防职业技术学院的学生来到社区做志愿者。",
            "南京市",
            ["江苏安防职业技术学院"],
            id="rare-word-tagged-a-verb-in-the-name",
        ),
        pytest.param(
            "江苏省温暖工程慈善基金会向社区捐赠了口罩。",
            "南京市",
            ["江苏省温暖工程慈善基金会"],
            id="common-word-tagged-a-name-is-not-where-the-name-starts",
        ),
    ],
)
def test_named_organisations_are_found(sentence, city, expected):
    assert organizations(sentence, city) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "街道第一时间启动了应急预案。",
        "市委、市政府高度重视疫情防控工作。",
        "社区居委会把通知贴到了每一个楼道。",
        "他立即前往消防支队协调车辆。",
        "物业公司和社区一起排查。",
        "古林社区党委组织党员下沉楼栋。",  # a community's own body stands for the place
    ],
)
def test_generic_references_are_not_organisations(sentence):
    assert organizations(sentence) == []


# --- issue 8: bodies named on news pages ---------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param(
            "根据南京市疫情防控处置工作指挥部安排，社区开展全员核酸检测。",
            ["南京市疫情防控处置工作指挥部"],
            id="command-body",
        ),
        pytest.param(
            "社区按照区疫情防控领导小组要求，设立了三个卡口。",
            ["区疫情防控领导小组"],
            id="leading-group",
        ),
        pytest.param(
            "大家都要支持疫情防控指挥部的各项工作。", [], id="command-body-without-a-place"
        ),
        pytest.param("山西路社区疫情防控工作领导小组每天开会。", [], id="a-communitys-own-group"),
        pytest.param(
            "疫情发生后，团江苏省委迅速发布志愿者招募令。", ["团江苏省委"], id="youth-league"
        ),
        pytest.param(
            "市民政局党组成员、副局长王明介绍了捐赠款物的使用情况。",
            ["市民政局"],
            id="bureau-not-its-party-group",
        ),
        pytest.param(
            "市政府新闻办举行新闻发布会，市慈善总会通报捐赠情况。",
            ["市政府新闻办", "市慈善总会"],
            id="press-office-and-charity",
        ),
        pytest.param("没有物管公司的老旧小区，由社区组织消杀。", [], id="generic-property-company"),
        pytest.param("省委省政府发出一级响应以来，社区立即行动。", [], id="the-levels-own-bodies"),
        pytest.param("七一南路派出所的民警前来协助。", ["七一南路派出所"], id="date-named-road"),
        pytest.param("1月20日国家卫健委高级别专家组到达。", ["国家卫健委"], id="national-level"),
        pytest.param(
            "泉城路街道物业管理办公室主任李霏说。",
            ["泉城路街道物业管理办公室"],
            id="a-streets-property-office",
        ),
        pytest.param("市文联和市贸促会的干部下沉社区。", ["市文联", "市贸促会"], id="federations"),
        pytest.param("记者从江宁区汤山镇镇政府出发，前往各村。", [], id="a-towns-government"),
        pytest.param(
            "她在第一时间处理好市防控指挥部下发的通知。",
            ["市防控指挥部"],
            id="a-verbs-complement-glued-to-the-level",
        ),
        pytest.param(
            "企业志愿力量也加入进来，青羊企业成都泰古尔泰商贸捐赠了口罩。",
            ["成都泰古尔泰商贸"],
            id="company-after-a-common-noun",
        ),
        pytest.param("来自省纪委监委的干部下沉社区。", ["省纪委监委"], id="joint-commission"),
        pytest.param("在二十中学读高二的她也来帮忙。", ["二十中学"], id="numbered-school"),
        pytest.param("胜利派出所民警程飞连续值守。", ["胜利派出所"], id="police-station-word"),
        pytest.param("当地派出所和附近派出所的民警都来了。", [], id="generic-police-stations"),
        pytest.param("宝丰农机厂的工人也来了。", ["宝丰农机厂"], id="factory"),
        pytest.param("韵达快递的快递员每天送货上门，他也送快递。", ["韵达快递"], id="courier"),
        pytest.param("电机新村社区位于肿瘤医院对面。", [], id="a-verb-after-a-community"),
        pytest.param(
            "北京日报的编辑和区融媒体中心的记者一起下沉到社区。",
            ["区融媒体中心"],
            id="a-paper-is-the-outlet-not-an-organisation",
        ),
        pytest.param(
            "网格员核查收取过韵达快递的居民，又到永辉超市采购。",
            ["韵达快递", "永辉超市"],
            id="national-chains-after-a-verb",
        ),
        pytest.param(
            "甲玛林卡社区服务中心的医生和新华社区卫生服务中心的护士都来了。",
            ["新华社区卫生服务中心"],
            id="a-communitys-service-centre-is-the-community",
        ),
        pytest.param(
            "武汉理工大学大二学生杜可遇上岗了，党和政府没有忘记我们。",
            ["武汉理工大学"],
            id="a-university-jieba-knows",
        ),
        pytest.param(
            "他向单位提出申请，申请加入鼓楼区疫情防控志愿者服务队。",
            ["鼓楼区疫情防控志愿者服务队"],
            id="the-verb-before-a-team-is-no-part-of-its-name",
        ),
    ],
)
def test_bodies_named_on_news_pages(sentence, expected):
    assert organizations(sentence, city="南京市") == expected


def test_short_forms_of_one_body_on_a_page_resolve_to_its_full_name():
    from stories.pipeline import PageMeta, parse_page

    page = parse_page(
        "## 银行里的志愿者\n\n中国工商银行丰台支行的党员到社区报到。工行丰台支行还捐赠了口罩，"
        "丰台支行的青年员工每天值守。\n",
        filename="page.txt",
        meta=PageMeta(year=2020, city="北京市"),
    )
    (story,) = page.stories
    assert [(o.name, o.aliases) for o in story.organizations] == [
        ("中国工商银行丰台支行", ("工行丰台支行", "丰台支行"))
    ]


@pytest.mark.parametrize(
    ("sentence", "city", "expected"),
    [
        (
            "河南省商丘市睢县林业局驻村第一书记付红涛带队。",
            "商丘市",
            [("河南省商丘市睢县林业局", ("商丘市睢县林业局", "睢县林业局"))],
        ),
        (
            "东阳市画水镇近陆宅小学的老师在值守。",
            "金华市",
            [("东阳市画水镇近陆宅小学", ("画水镇近陆宅小学", "近陆宅小学"))],
        ),
        (
            "綦江区古南街道新山村社区古南中学的老师在值守。",
            "重庆市",
            [
                (
                    "綦江区古南街道新山村社区古南中学",
                    ("古南街道新山村社区古南中学", "新山村社区古南中学", "古南中学"),
                )
            ],
        ),
        ("丰台区统计局的干部下沉社区。", "北京市", [("丰台区统计局", ())]),  # 统计局 alone is none
        ("江苏省委宣传部的干部下沉社区。", "苏州市", [("江苏省委宣传部", ())]),  # the province's
    ],
)
def test_a_name_that_starts_with_places_is_also_known_without_them(sentence, city, expected):
    from stories.pipeline import PageMeta, parse_page

    (story,) = parse_page(sentence, meta=PageMeta(year=2020, city=city)).stories
    assert [(o.name, o.aliases) for o in story.organizations] == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["中国工商银行丰台支行", "工行丰台支行"], {"工行丰台支行": "中国工商银行丰台支行"}),
        (["北京市丰台区卫健委", "区卫健委"], {"区卫健委": "北京市丰台区卫健委"}),
        # Two full names fit: the short form stays as it is.
        (["丰台区第一中学", "海淀区第一中学", "第一中学"], {}),
        # Another kind of body is no short form, whatever its characters.
        (["南京市委组织部", "南京市委"], {}),
    ],
)
def test_full_names(names, expected):
    from stories.pipeline.orgs import full_names

    assert full_names(names) == expected
