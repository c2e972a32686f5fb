"""Titles and role categories.

A verbatim title such as 社区党委书记 or 四级调研员 is matched against the taxonomy's
own title lists first (editors extend them in the admin; `RoleMap.from_fixture` reads the
shipped fixture). When no listed title matches, rules on the title's head word and its
unit or organisation decide: a 主任 of a health centre is 医护人员, of a bureau 机关干部.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fixtures import ROLES as FIXTURE

from .dictionaries import word_list
from .orgs import unit_kind

# The categories the rules below decide, by their stable slug (people.Role.slug, as in
# fixtures/roles.json): editors may rename a category in the admin, so nothing here may
# depend on its display name (issue 7). tests/pipeline/test_roles.py checks these slugs
# against the fixture.
COMMUNITY_SECRETARY = "community-secretary"
COMMUNITY_WORKER = "community-worker"
VILLAGE_CADRE = "village-cadre"
SENT_DOWN_CADRE = "sent-down-cadre"
GOVERNMENT_OFFICIAL = "government-official"
VOLUNTEER = "volunteer"
PARTY_MEMBER = "party-member"
MEDICAL_WORKER = "medical-worker"
POLICE = "police"
PROPERTY_COMPANY_STAFF = "property-company-staff"
TEACHER = "teacher"
STUDENT = "student"
RESIDENT = "resident"
JOURNALIST = "journalist"
OTHER = "other"


def _fixture_titles(path=FIXTURE):
    """{category slug: [verbatim titles]} of the shipped taxonomy."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return {row["fields"]["slug"]: row["fields"]["titles"] for row in rows}


# Head words a title ends with, longest first when matched. Compound heads keep the
# party unit (党委书记) because it decides between 社区书记 and 党员. The fixture's titles
# are heads too, so that each is read whole (主任科员, not its 科员).
HEADS = sorted(
    set(word_list("title_heads")).union(*_fixture_titles().values()),
    key=lambda head: (-len(head), head),
)

_GENERIC_HEADS = word_list("generic_heads")
# The posts of a community's or village's own committee (not 经理, 所长: a firm's, a unit's).
_COMMUNITY_POSTS = {"主任", "副主任", "书记", "副书记", "委员", "干部", "工作人员", "专干"}
_VILLAGE_POSTS = _COMMUNITY_POSTS | {"队长", "组长"}  # 西禅村驻村工作队长
_MEDICAL_DEPARTMENT_RE = re.compile(
    r"(?:(?:外|内|儿|妇|产|骨|眼|耳鼻喉|皮肤|口腔|检验|放射|影像|感控|院感|保健|预防保健|急诊|"
    r"功能检查|公卫|公共卫生|护理|药剂|麻醉|呼吸|感染|发热|全)科|护理部|门诊|病区|防保|卫生院)$"
)
_FORMER_RE = re.compile(r"退休|退役|原|前任|曾任")
# 楼门院长, 大院“院长”: the head of a courtyard or a block's gate, a resident helper.
_COURTYARD_RE = re.compile(r"(?:楼门|楼院|大院|院落|小院|楼)[“”\"']?$")
# 读高二, 上大一, 念初中: the grade a pupil or student is in, a title of its own.
GRADE_RE = re.compile(
    r"(?:读|上|念)(?:(?:大|高|初)[一二三四]|(?:小学|初中|高中|大学)(?:[一二三四五六]年级)?)"
    r"|(?:读|上)研[一二三]?"
)
# 驻点单位干部: a cadre of a unit stationed in the community, one sent down to it.
_STATIONED_CADRE_RE = re.compile(r"驻(?:点|社区)\S{0,4}干部")
# The units of a community's sub-branches, written before a party secretary's title.
_SUB_BRANCH_RE = re.compile(r"(?:网格|小区|楼栋|片区|院落)的?$")
_KIN_OR_HONORIFIC = set(
    "好婆 阿婆 婆婆 大姨 大叔 大婶 大娘 阿姨 大爷 大妈 奶奶 爷爷 老人 女士 先生 大姐 大哥".split()
)


@dataclass(frozen=True)
class RoleMap:
    """Verbatim title → role category slug, from the taxonomy."""

    by_title: dict

    @classmethod
    def from_categories(cls, categories):
        """`categories`: {category slug: [verbatim titles]} (Role.slug → Role.titles)."""
        by_title = {}
        for slug, titles in categories.items():
            for title in titles:
                by_title.setdefault(title, slug)
        return cls(by_title)

    @classmethod
    def from_fixture(cls, path=FIXTURE):
        return cls.from_categories(_fixture_titles(path))

    def categorise(
        self, titles, *, org_kind="", unit_context="", is_sent_down=False, community_kind=""
    ):
        """The category slug of a person from every title the story gives them.

        `org_kind` is the kind of their organisation (`orgs.unit_kind`: people.Organization.Kind
        values, or "police");
        `unit_context` the text their title chunk started with (e.g. "区残联第二批");
        `community_kind` "community" or "village" when the title named their community.
        """
        if (
            is_sent_down
            or any("下沉" in title or _STATIONED_CADRE_RE.search(title) for title in titles)
            or "下沉" in unit_context
            or _STATIONED_CADRE_RE.search(unit_context)
        ):
            return SENT_DOWN_CADRE
        # A former position (退休教师, 原村主任) says less about the story than a current one.
        current = sorted(titles, key=lambda title: bool(_FORMER_RE.match(title)))
        ranked = [
            self._categorise_one(title, org_kind, community_kind, unit_context) for title in current
        ]
        # Of several current titles the first category in PRECEDENCE wins (村党支部书记 and
        # 老党员 is a 村干部); a former title (退休医生) counts only when no current one says
        # anything, and 居民, what anyone is besides their work, only when nothing else does.
        telling = [c if c not in {OTHER, RESIDENT} else "" for c in ranked]
        for group in (
            [c for c, t in zip(telling, current, strict=True) if c and not _FORMER_RE.match(t)],
            [c for c, t in zip(telling, current, strict=True) if c and _FORMER_RE.match(t)],
            [RESIDENT] if RESIDENT in ranked else [],
        ):
            if group:
                return min(group, key=_precedence)
        if org_kind:
            return _CATEGORY_OF_ORG_KIND.get(org_kind, OTHER)
        # 区司法局, 巴集乡党委书记 (titles.py puts "street" or "district" for the place):
        # an office of a government or of its party committee.
        if re.search(r"[市区县镇乡]委|政府|街道|局|\bstreet\b|\bdistrict\b", unit_context):
            return GOVERNMENT_OFFICIAL
        return OTHER

    def _categorise_one(self, title, org_kind, community_kind="", unit_context=""):
        head = head_of(title)
        core = title[: len(title) - len(head)] if head else title
        if head == "院长" and _COURTYARD_RE.search(core or unit_context):
            return VOLUNTEER
        if GRADE_RE.fullmatch(title):
            return STUDENT
        if "书记" in head and not core and _SUB_BRANCH_RE.search(unit_context):
            return PARTY_MEMBER  # 女婿街网格的党支部书记: a grid's branch, not the community's
        if "驻村" in core or "驻村" in unit_context:
            return VILLAGE_CADRE  # 驻村工作队员: stationed in the village, like its 第一书记
        generic = title in _GENERIC_HEADS
        if title in self.by_title and not (
            generic and (org_kind or (community_kind and "书记" in title))
        ):
            return self.by_title[title]  # but 文游台社区新上任的党支部书记 is the community's
        if title in _KIN_OR_HONORIFIC or head in _KIN_OR_HONORIFIC:
            return RESIDENT
        if re.search(r"第[一二三四五六七八九十\d]+(?:党支部|支部)", title):
            return PARTY_MEMBER
        if "书记" in head and re.search(r"社区|居委|居民区", core):
            return COMMUNITY_SECRETARY  # 社区第一书记: a community's, not a village's
        if "工委" in title:
            return GOVERNMENT_OFFICIAL  # 党工委书记: a street's or a zone's party committee
        if head in self.by_title and head not in _GENERIC_HEADS:
            return self.by_title[head]  # 社区志愿者, 社区民警, 村医: the head says what they do
        group = head_of(core) if head in GROUP_LEADS else ""
        if group in self.by_title and group not in _GENERIC_HEADS:
            return self.by_title[group]  # 保安队长, 志愿者代表: the group's leader or voice
        if re.search(r"社区|居委|居民区", core):  # 居民区: Shanghai's name for a community
            return COMMUNITY_SECRETARY if "书记" in head else COMMUNITY_WORKER
        if "村" in core:
            return VILLAGE_CADRE
        if head in _GENERIC_HEADS:
            if _MEDICAL_DEPARTMENT_RE.search(core) and org_kind in {"", "hospital"}:
                return MEDICAL_WORKER
            posts = _VILLAGE_POSTS if community_kind == "village" else _COMMUNITY_POSTS
            if community_kind and not (org_kind or core) and (head in posts or "书记" in head):
                # 韶九社区张可主任: a post of the community or village named before the name
                if community_kind == "village":
                    return VILLAGE_CADRE
                return COMMUNITY_SECRETARY if "书记" in head else COMMUNITY_WORKER
            if not (org_kind or core) and _VILLAGES_OWN_RE.search(unit_context):
                return VILLAGE_CADRE  # 村里的负责人: the village's own
            # 市场监管所所长, 就业办主任: the title names its own organisation or office
            unit = _RANK_MODIFIERS_RE.sub("", core)  # 南院门街办副调研员: the 街办's
            return _CATEGORY_OF_ORG_KIND.get(org_kind or _kind_of_department(unit), "")
        return self.by_title.get(head, "")


# Heads of a group's leader or spokesperson, whose category is the group's (titles.py reads
# them after the group's own word: 保安队长).
GROUP_LEADS = {"队长", "副队长", "组长", "副组长", "代表", "领队", "班长"}
_RANK_MODIFIERS_RE = re.compile(r"(?:副|常务|执行|专职|兼职|一级|二级|三级|四级)+$")
# 村里的负责人, 本村的干部: a post of the village the story is about.
_VILLAGES_OWN_RE = re.compile(r"(?:^|[该本])村(?:里|委|两委)?的?$")


# The annotation rules' order: when titles disagree, the first category here wins.
PRECEDENCE = (
    COMMUNITY_SECRETARY,
    VILLAGE_CADRE,
    SENT_DOWN_CADRE,
    GOVERNMENT_OFFICIAL,
    POLICE,
    MEDICAL_WORKER,
    COMMUNITY_WORKER,
    TEACHER,
    PROPERTY_COMPANY_STAFF,
    JOURNALIST,
    STUDENT,
    VOLUNTEER,
    PARTY_MEMBER,
    RESIDENT,
    OTHER,
)


def _precedence(category):
    return PRECEDENCE.index(category) if category in PRECEDENCE else len(PRECEDENCE)


_CATEGORY_OF_ORG_KIND = {
    "government": GOVERNMENT_OFFICIAL,
    "party": GOVERNMENT_OFFICIAL,
    "hospital": MEDICAL_WORKER,
    "school": TEACHER,
    "company": PROPERTY_COMPANY_STAFF,
    "volunteer_team": VOLUNTEER,
    "police": POLICE,
    "community": COMMUNITY_WORKER,
    "media": JOURNALIST,
    # an organisation without a telling suffix is most often a firm
    "other": PROPERTY_COMPANY_STAFF,
}


def _kind_of_department(core):
    """The kind of the unit a title names (派出所 of 派出所所长: police), "" if unknown."""
    kind = unit_kind(core)
    if kind == "other" and re.search(r"[办处科室股部]$", core):
        return "government"  # an office or section of a public body
    return "" if kind == "other" else kind


def head_of(title):
    """The head word a title ends with (书记, 科长, 志愿者 ...), or ""."""
    for head in HEADS:
        if title.endswith(head):
            return head
    return ""


@cache
def default_role_map():
    return RoleMap.from_fixture()
