"""Credits: 本报记者 X, 通讯员 Y, 文/Z, 供稿/W, X/摄, trailing (姓名) ... → Byline records.

`parse_credit` accepts a whole string only if every part of it is a credit, so that an
ordinary sentence is never mistaken for a byline.
"""

import re

from .dictionaries import is_surname
from .lookups import names_a_division
from .records import Byline
from .text import FUNCTION_CHARS

_ROLE_WORDS = (
    "本报特约记者|本报记者|本报通讯员|本刊记者|特约记者|见习记者|实习记者|摄影记者|融媒体记者|"
    "全媒体记者|"
    "签约摄影师|摄影师|通讯员|记者|实习生|责任编辑|美术编辑|图片编辑|责编|美编|校对|版式|编辑|"
    "作者|摄影|文/图|图/文|文、图|图、文|文图|撰稿|供稿|供图|"
    "文字|图片|文|图|摄"
)
# What each leading word makes of the names after it.
_ROLE_OF = {
    "本报特约记者": "记者",
    "本报记者": "记者",
    "本报通讯员": "通讯员",
    "本刊记者": "记者",
    "特约记者": "记者",
    "见习记者": "记者",
    "实习记者": "记者",
    "摄影记者": "摄影",
    "融媒体记者": "记者",
    "全媒体记者": "记者",
    "签约摄影师": "摄影",
    "摄影师": "摄影",
    "通讯员": "通讯员",
    "记者": "记者",
    "实习生": "实习生",
    "责任编辑": "编辑",
    "美术编辑": "编辑",
    "图片编辑": "编辑",
    "责编": "编辑",
    "美编": "编辑",
    "校对": "编辑",
    "版式": "编辑",
    "编辑": "编辑",
    "作者": "作者",
    "摄影": "摄影",
    "文/图": "文",
    "文、图": "文",
    "图、文": "文",
    "图/文": "文",
    "文图": "文",
    "撰稿": "文",
    "供稿": "供稿",
    "供图": "摄影",
    "文字": "文",
    "图片": "摄影",
    "文": "文",
    "图": "摄影",
    "摄": "摄影",
}
_SUFFIX_ROLE = {
    "摄影报道": "摄影",
    "摄": "摄影",
    "文": "文",
    "供稿": "供稿",
    "供图": "摄影",
    "报道": "记者",
    "整理": "文",
    "撰稿": "文",
}

_NAME = r"[\u4e00-\u9fff]{2,4}(?:[·•][\u4e00-\u9fff]{2,5})?"
_ORG_NAME = (
    r"[\u4e00-\u9fff]{2,24}?(?:部|局|委|办|院|中心|街道|社区|村|镇|乡|所|站|队|公司|学校|"
    r"医院|协会|工会|妇联|团委|分局|支队|大队|中队|办事处|委员会|政府|报社|电视台)"
)
_ORG_SUPPLIER = rf"(?P<org>{_ORG_NAME})供稿"
# 供稿/鼓楼区融媒体中心: the supplier after the word.
_SUPPLIER_AFTER_RE = re.compile(rf"供稿\s*[/／:：]\s*({_ORG_NAME})$")
# 新华社记者, 人民网记者, 县融媒体中心记者, 山东商报·速豹新闻记者: the outlet before a role word.
_OUTLET = (
    # 新甘肃·兰州新区报记者: a group's brand and its dot before the outlet
    r"(?:(?:[\u4e00-\u9fff]{2,6}[·・])?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:社|网|报|台|中心|频道|融媒|新闻|在线)(?:时刻|客户端)?"
    r"(?:全媒体|融媒体)?[·・]?){1,3}"
    # 青年报·青春上海记者: after the paper's dot, its brand, whatever it ends in
    r"(?:(?<=[·・])[\u4e00-\u9fff]{2,8}?(?=记者))?"
    # 南方财经全媒体记者: a brand whose name ends in no outlet word, before its 全媒体
    r"|[\u4e00-\u9fff]{2,8}?(?=(?:全媒体|融媒体)记者)"
    r")\s*"
)
# 哈尔滨日报 张玲, 晚报狄慧: a paper before the names it sent, with or without a space.
_NAMED_OUTLET = (
    r"[\u4e00-\u9fff]{0,8}(?:日报|晚报|早报|商报|都市报|报社|电视台|融媒体中心|新闻中心)"
)
_TOKEN = re.compile(
    rf"\s*(?:(?:{_OUTLET}(?=(?:特约|见习|实习|摄影|全媒体|融媒体)?(?:记者|通讯员)))?(?P<role>{_ROLE_WORDS})(?=[\s/／:：?|｜]|{_NAME}|$)\s*[/／:：|｜]?"
    rf"|{_ORG_SUPPLIER}"
    rf"|(?P<sname>{_NAME}?)\s*[/／]?\s*(?P<suffix>摄影报道|摄|供稿|供图|报道|整理|撰稿)(?![\u4e00-\u9fff])"
    rf"|(?P<sname2>{_NAME}?)\s*[/／]\s*(?P<suffix2>文)(?![\u4e00-\u9fff])"
    rf"|{_NAMED_OUTLET}(?=\s|{_NAME})"
    rf"|(?P<name>{_NAME})(?![\u4e00-\u9fff])"
    r"|(?P<glued>[\u4e00-\u9fff]{6})(?![\u4e00-\u9fff])"
    r"|[、，,；;\s?]+)"
)
_BRACKETS = "()（）[]【】〔〕"
_FILED_FROM_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?!摄影)[\u4e00-\u9fff]{2,4}报道$")
_PADDED_NAME_RE = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)
# Photo positions such as (右一) and common parenthesised notes are not credits.
_NOT_A_NAME = re.compile(
    r"^(?:[左右中前后][一二三四五六七八九十]|资料图|供图|图片|配图|记者|通讯员|佚名|匿名|小编|本站)$"
)


def _is_person_name(name, *, after_role=False):
    """A name in a credit: led by a known surname, or any two to four characters after a
    role word (记者 衣笠玮: rare surnames are still names there)."""
    if _NOT_A_NAME.match(name):
        return False
    return after_role or is_surname(name[:2]) or is_surname(name[0])


def _is_station(name):
    """阳信台, 宿迁站: a county's or city's broadcasting station named among credits."""
    return name.endswith(("台", "站")) and names_a_division(name[:-1])


def _split_glued(name, *, after_role=False):
    """吴平华黄成薇: two three-character names that lost the space between them; after a
    role word (记者任国战悦连城) the second may have a rare surname."""
    halves = (name[:3], name[3:])
    if (
        len(name) == 6
        and _is_person_name(halves[0])
        and _is_person_name(halves[1], after_role=after_role)
        and not set(halves[1]) & FUNCTION_CHARS  # 图 古日格的春节: a headline, not two names
    ):
        return halves
    return (name,)


def parse_credit(text, *, bare_names_role=None):
    """Parse `text` as a credit; return its bylines, or None if it is not wholly a credit.
    A correspondent's region before a colon (东北区：张军 报道) is no part of it.

    `bare_names_role` is the role given to names with no role word, e.g. "作者" for a
    trailing (姓名) credit; without it such names make the text not a credit.
    """
    text = _BRACKETED_ROLE_RE.sub(r"\1", text.strip())  # 【责任编辑】：秦文
    text = text.lstrip(_CREDIT_BULLETS)  # □记者 申红: a bullet before the credit
    text = _EDITION_RE.sub("", _AUTHOR_UNIT_RE.sub("", text))
    text = text.strip(_BRACKETS).strip()
    if not text or len(text) > 60:
        return None
    text = _PADDED_NAME_RE.sub(r"\1\2", text)  # 记者 靳 民: a two-character name padded
    text = _FILED_FROM_RE.sub("", text)  # 通讯员 杜俊 长沙报道: where it was filed from
    text = _QUOTED_OUTLET_RE.sub("", text)  # 《生活报》记者 仲亮摄: the paper's title
    text = _NOBODYS_CREDIT_RE.sub("", text)  # 记者 刘远怀 受访者供图: the photos credit nobody
    if not text:
        return None
    brand = _BRAND_REPORTER_RE.match(text)
    if brand and not set(brand["brand"]) & FUNCTION_CHARS:
        names = brand["names"].split()
        if all(_is_person_name(name) for name in names):  # not 他告诉记者：没事
            return [Byline(name, "记者") for name in names]
    supplier = _SUPPLIER_AFTER_RE.match(text)
    if supplier:
        return [Byline(supplier.group(1), "供稿")]
    region = _REGION_RE.match(text)
    if region:
        return _parse_tokens(text[region.end() :], None) or _parse_tokens(text, bare_names_role)
    bylines = _parse_tokens(text, bare_names_role)
    if bylines is None and (spaced := _respaced(text)):
        bylines = _parse_tokens(spaced, None)
    return bylines


_CREDIT_BULLETS = "□■●◆◇○△▲"
# 看度记者：兰琳洁: an app's brand, which ends in no outlet word, before 记者 and a colon.
_BRAND_REPORTER_RE = re.compile(
    rf"^(?P<brand>[\u4e00-\u9fff]{{2,4}})记者\s*[:：]\s*(?P<names>{_NAME}(?:\s+{_NAME})*)$"
)
_BRACKETED_ROLE_RE = re.compile(rf"[【\[〔]({_ROLE_WORDS})[】\]〕]")
# 本报记者 章正 任鹏 《光明日报》（2022年04月13日 01版）: the paper and edition after the names.
_EDITION_RE = re.compile(r"\s+《[^》]{2,12}》\s*(?:[（(][^（）()]{0,30}[）)])?$")
_QUOTED_OUTLET_RE = re.compile(r"^《[^》]{2,12}》\s*(?=(?:见习|特约|首席)?(?:记者|通讯员|摄影))")
# Photos a credit line gives to nobody by name (受访者供图, 图片由受访者提供, 资料图片).
_NOBODYS_CREDIT_RE = re.compile(
    r"(?:^|\s+)(?:(?:图片?由)?(?:受访者|受访单位|采访对象|被采访人|网络|资料)(?:供图|提供|图片)"
    r"|资料图片?|网络图片|图片来源(?:于|：|:)?网络)$"
)
# 东北区：张军 报道, 记者站：…: the desk the credit comes from.
_REGION_RE = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]\s*")


# The role words that still mark a credit's parts once OCR has lost its spaces: those of two
# characters or more, 文/ and 图/ with their slash, and a closing 摄.
_GLUED_ROLE_RE = re.compile(
    "|".join(sorted((w for w in _ROLE_OF if len(w) > 1 and "/" not in w), key=len, reverse=True))
    + r"|[文图][/／]|摄$"
)


def _respaced(text):
    """文/全媒体记者赵莉图/全媒体记者陈星宇陈岩李玫实习记者石磊通讯员肖枫摄: a credit that lost
    its spaces, given them back (None if it does not read as one). Every stretch between role
    words must split one way only into names that open with a surname."""
    if re.search(r"\s", text) or len(text) < 6:
        return None
    parts, pos = [], 0
    for match in _GLUED_ROLE_RE.finditer(text):
        if match.start() > pos:
            parts.extend(_glued_names(text[pos : match.start()]) or [None])
        parts.append(match.group())
        pos = match.end()
    if pos < len(text):
        parts.extend(_glued_names(text[pos:]) or [None])
    if pos == 0 or None in parts or not any(_is_person_name(p) for p in parts if len(p) > 1):
        return None
    return " ".join(parts)


def _glued_names(run):
    """The one way to read `run` as names of two or three characters (four after a
    two-character surname), each opening with a surname; None if none or several."""
    ways = [[[]]] + [None] * len(run)  # ways[i]: the readings of run[:i], at most two kept
    for end in range(2, len(run) + 1):
        readings = []
        for size in (2, 3, 4):
            start = end - size
            if start < 0 or not ways[start]:
                continue
            name = run[start:end]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", name) or _NOT_A_NAME.match(name):
                continue
            surnamed = is_surname(name[:2]) or (size < 4 and is_surname(name[0]))
            if surnamed:
                readings.extend([*reading, name] for reading in ways[start])
        ways[end] = readings[:2] or None
    final = ways[len(run)]
    return final[0] if final and len(final) == 1 else None


def _parse_tokens(text, bare_names_role):
    bylines, role, pos, named_since = [], None, 0, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            return None
        pos = match.end()
        if match["role"]:
            # 图/记者 X: the photographer is a reporter, but credited here for the photos.
            if len(bylines) > named_since or role != "摄影" or _ROLE_OF[match["role"]] != "记者":
                role = _ROLE_OF[match["role"]]
            named_since = len(bylines)
        elif match["org"]:
            bylines.append(Byline(match["org"], "供稿"))
        elif match["suffix"] or match["suffix2"]:
            name = match["sname"] or match["sname2"]
            suffix = match["suffix"] or match["suffix2"]
            # 报道/整理 only close a credit; they never override the role word before the name.
            suffix_role = (role if suffix in {"报道", "整理"} else None) or _SUFFIX_ROLE[suffix]
            if name:
                if not _is_person_name(name):
                    return None
                bylines.append(Byline(name, suffix_role))
            elif bylines and bylines[-1].role in {role, bare_names_role}:
                # "江晓/文" after "区委组织部供稿": the suffix re-labels the last name.
                bylines[-1] = Byline(bylines[-1].name, suffix_role)
        elif match["name"] and _is_station(match["name"]):
            continue  # 通讯员 阳信台 徐青松: a county's station, which credits its people
        elif match["name"]:
            name_role = role or bare_names_role
            if not name_role or not _is_person_name(match["name"], after_role=bool(role)):
                return None
            bylines.append(Byline(match["name"], name_role))
        elif match["glued"]:
            names = _split_glued(match["glued"], after_role=bool(role))
            if len(names) < 2 or not (role or bare_names_role):
                return None
            bylines.extend(Byline(name, role or bare_names_role) for name in names)
    return _unique(bylines) or None


# Two or three characters that end in no outlet's or body's word: a person's name.
_SOURCE_PERSON_RE = re.compile(
    r"[\u4e00-\u9fff]{1,2}[^\W\d_网报社台站号刊端区县市省局委办部厅院校队所]"
)
_SOURCE_RE = re.compile(r"^[（(]?\s*(?:稿件)?来源\s*[:：]\s*(?P<rest>[^（）()]*?)\s*[）)]?\s*$")


def parse_source_line(text):
    """A news site's 来源 line: None if `text` is not one, else the bylines it credits,
    possibly none (来源：人民网 only names the outlet, which is no byline).

    "（来源：江苏广电南通中心站/陈志斌 通讯员/孟烨" names the outlet, then its reporter (a
    name with no role word is the outlet's 记者) and others."""
    match = _SOURCE_RE.match(text.strip())
    if match is None or len(text) > 80:
        return None
    outlet, slash, credits = match["rest"].partition("/")
    if not slash:  # 来源：金陵网 记者 王晓明: without the slash only role words credit anyone
        if (
            _SOURCE_PERSON_RE.fullmatch(outlet)
            and _is_person_name(outlet)
            and not names_a_division(outlet)
        ):
            return [Byline(outlet, "作者")]  # 来源：朱洪园: a person, not an outlet
        return parse_credit(outlet) or labelled_credit(outlet) or []
    return parse_credit(credits, bare_names_role="记者") or []


_LABELLED_RE = re.compile(r"(?:作者|记者|通讯员|文|图|摄影)\s*[:：/]\s*[\u4e00-\u9fff]")
_STAMP_RE = re.compile(
    r"\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


def labelled_credit(text):
    """北方网 作者：晚报狄慧 编辑：付勇钧 2022-01-19 14:45: the credit a site labels among its
    other labels; the editors and the time it was posted are no part of it. None if none."""
    match = _LABELLED_RE.search(text)
    if match is None:
        return None
    rest = re.split(r"\s*(?:编辑|责任编辑|责编|审核|来源)[:：]", text[match.start() :])[0]
    return parse_credit(_STAMP_RE.sub("", rest)) or None


# A web page's text may have lost its non-breaking spaces to "?": （記者?潘曦）?
_TRAILING_CREDIT = re.compile(r"[（(]([^（）()]{2,40})[）)][\s?|｜]*$")
_TRAILING_PHOTO = re.compile(
    r"(?<=[。！？!?…”\s])\s*((?:图/|摄影/|(?:本报)?(?:记者|通讯员|摄影记者))?\s*"
    + _NAME
    + r"\s*/?\s*(?:摄|供图))\s*$"  # 郝红军 供图: who gave the photo took it
)
_TRAILING_WRITER_AND_PHOTO = re.compile(
    r"(?<=[。！？!?…”])\s*(?P<writer>[\u4e00-\u9fff]{2,3})\s*"
    r"(?P<photo>(?:本报)?(?:摄影)?记者\s*[\u4e00-\u9fff]{2,3}\s*摄)\s*$"
)
# …只为更多的人能平安。山东商报·速豹新闻记者 崔艳红: the reporter credited after the text.
_TRAILING_REPORTER = re.compile(
    r"(?<=[。！？!?…”])\s*((?:[\u4e00-\u9fff·]{2,16}?)?(?:记者|通讯员)\s*"
    + _NAME
    + r"(?:[\s、]+(?:(?:记者|通讯员)\s*)?"
    + _NAME
    + r")*)\s*$"
)
# 文/赵磊（作者单位：某某街道办事处）: the author's unit is not a credit of its own.
_AUTHOR_UNIT_RE = re.compile(r"[（(]作者(?:单位|系)[:：]?[^（）()]*[）)]$")


def split_trailing_credit(paragraph):
    """Split a credit off the end of a paragraph: "…值得的。(西罗园社区卫生服务中心供稿)"
    or "…工作。史莉/摄". Returns (paragraph without it, bylines); bylines empty if none."""
    match = _TRAILING_CREDIT.search(paragraph)
    if match:
        bylines = parse_credit(match.group(1), bare_names_role="作者")
        if bylines:
            return paragraph[: match.start()].rstrip(), bylines
    match = _TRAILING_WRITER_AND_PHOTO.search(paragraph)
    if match and _is_person_name(match["writer"]) and (photo := parse_credit(match["photo"])):
        # …解决问题。李鹏 本报记者 薛婧摄: the writer, then the photographer
        return paragraph[: match.start("writer")].rstrip(), [
            Byline(match["writer"], "作者"),
            *photo,
        ]
    for pattern in (_TRAILING_PHOTO, _TRAILING_REPORTER):
        match = pattern.search(paragraph)
        if match:
            bylines = parse_credit(match.group(1))
            if bylines:
                return paragraph[: match.start()].rstrip(), bylines
    return paragraph, []


def _unique(bylines):
    seen, result = set(), []
    for byline in bylines:
        if byline.name not in seen:
            seen.add(byline.name)
            result.append(byline)
    return result
