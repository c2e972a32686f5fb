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
