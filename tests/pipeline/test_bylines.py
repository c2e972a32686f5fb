"""stories.pipeline.bylines: which strings are credits, and whose."""

import pytest

from stories.pipeline.bylines import parse_credit, split_trailing_credit
from stories.pipeline.records import Byline


def credits(*pairs):
    return [Byline(name, role) for name, role in pairs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报记者 卓雅琴", credits(("卓雅琴", "记者"))),
        ("本报通讯员 韦晓岚", credits(("韦晓岚", "通讯员"))),
        ("新山东·临沂日报记者 周丽华", credits(("周丽华", "记者"))),  # a group brand, a dot
        ("新山东·临沂晚报 记者 周丽华", credits(("周丽华", "记者"))),
        ("江南在线记者 陈小刚 刘艳", credits(("陈小刚", "记者"), ("刘艳", "记者"))),
        ("王大伟 供图", credits(("王大伟", "摄影"))),
        ("见习记者 戚晓丹", credits(("戚晓丹", "记者"))),
        ("记者 庞雨菲 通讯员 韦晓岚", credits(("庞雨菲", "记者"), ("韦晓岚", "通讯员"))),
        ("记者 庞雨菲 通讯员 韦晓岚 报道", credits(("庞雨菲", "记者"), ("韦晓岚", "通讯员"))),
        ("供稿/蒋晓彤", credits(("蒋晓彤", "供稿"))),
        ("蒋晓彤供稿", credits(("蒋晓彤", "供稿"))),
        ("鼓楼区融媒体中心供稿", credits(("鼓楼区融媒体中心", "供稿"))),
        ("文/记者 欧阳蕾", credits(("欧阳蕾", "记者"))),
        ("文/欧阳蕾", credits(("欧阳蕾", "文"))),
        ("欧阳蕾/文", credits(("欧阳蕾", "文"))),
        ("区委组织部供稿 温雅/文", credits(("区委组织部", "供稿"), ("温雅", "文"))),
        ("栾一帆/摄", credits(("栾一帆", "摄影"))),
        ("栾一帆 摄", credits(("栾一帆", "摄影"))),
        ("摄影 栾一帆", credits(("栾一帆", "摄影"))),
        ("签约摄影师 栾一帆摄", credits(("栾一帆", "摄影"))),
        ("本报记者 庞雨菲/摄", credits(("庞雨菲", "摄影"))),
        ("记者 司马清风", credits(("司马清风", "记者"))),  # a two-character surname
        pytest.param(
            "供稿/鼓楼区融媒体中心",
            credits(("鼓楼区融媒体中心", "供稿")),
            id="supplier-organisation-after-slash",
        ),
        # The author's unit qualifies the author; it is no credit of its own.
        ("文/祁东明（作者单位：鼓楼区宁海路街道办事处）", credits(("祁东明", "文"))),
        # Photos credited to nobody by name leave the credit as it is.
        ("金陵晚报记者  卓雅琴 受访者供图", credits(("卓雅琴", "记者"))),
        ("记者 卓雅琴 图片由受访者提供", credits(("卓雅琴", "记者"))),
        ("《金陵晚报》记者 栾一帆摄", credits(("栾一帆", "摄影"))),  # the paper's title first
        # The paper and its edition after the names are no part of them.
        pytest.param(
            "本报记者 章正 任鹏 《光明日报》（2022年04月13日 01版）",
            credits(("章正", "记者"), ("任鹏", "记者")),
            id="paper-and-edition-after-the-names",
        ),
        # A paper between the role and the name, spaced or not, is no name.
        ("作者：晚报狄慧", credits(("狄慧", "作者"))),
        ("记者 金陵日报 张玲", credits(("张玲", "记者"))),
        # A credit that lost its spaces: names told apart by their surnames, 图/ credits photos.
        pytest.param(
            "文/融媒体记者柏文涛图/融媒体记者卓雅琴韦晓岚通讯员栾一帆摄",
            credits(("柏文涛", "记者"), ("卓雅琴", "摄影"), ("韦晓岚", "摄影"), ("栾一帆", "摄影")),
            id="credit-without-spaces",
        ),
        ("图/记者 韦晓岚", credits(("韦晓岚", "摄影"))),
    ],
)
def test_parse_credit_names_everyone_credited_with_their_role(text, expected):
    assert parse_credit(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "社区党委书记柏文涛坚持每天到卡口值守。",
        "柏文涛说",
        "他每天坚守在卡口",
        "（右一）",
        "右一",
        "资料图",
        "宁海路街道",
        "鼓楼区宁海路街道古林社区",
        "抗疫专刊",
        "志愿者",
        "居民 汤秀兰",
        "童丽 潘一鸣",  # bare names are a credit only at the end of a paragraph
        "通讯员深入社区采访居民",
        "记者王建国张华",  # 王建国|张华 or 王建|国张华: more than one reading is none
    ],
)
def test_parse_credit_refuses_what_is_not_wholly_a_credit(text):
    assert parse_credit(text) is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "鲍俊把蔬菜送到了门口。（童丽 潘一鸣）",
            ("鲍俊把蔬菜送到了门口。", credits(("童丽", "作者"), ("潘一鸣", "作者"))),
        ),
        (
            "鲍俊把蔬菜送到了门口。(戚晓丹)",
            ("鲍俊把蔬菜送到了门口。", credits(("戚晓丹", "作者"))),
        ),
        (
            "志愿者在村口为村民测量体温。王大伟 供图",
            ("志愿者在村口为村民测量体温。", credits(("王大伟", "摄影"))),
        ),
        (
            "志愿者在菜场门口为市民测量体温。栾一帆/摄",
            ("志愿者在菜场门口为市民测量体温。", credits(("栾一帆", "摄影"))),
        ),
        (
            "医护人员每天上门随访。（宁海路街道社区卫生服务中心供稿）",
            ("医护人员每天上门随访。", credits(("宁海路街道社区卫生服务中心", "供稿"))),
        ),
    ],
)
def test_split_trailing_credit_cuts_the_credit_off_the_paragraph(paragraph, expected):
    text, bylines = split_trailing_credit(paragraph)

    assert (text, bylines) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "鲍俊（右一）正在为居民登记。",
        "社区为居民送去了蔬菜（右一为鲍俊）。",
        "社区完成了第三轮排查（2月6日）",
        "社区完成了第三轮排查（宁海路街道）",
    ],
)
def test_split_trailing_credit_leaves_other_brackets_alone(paragraph):
    assert split_trailing_credit(paragraph) == (paragraph, [])
