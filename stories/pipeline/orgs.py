"""Organisations named in a story: 区水务局, 丰台法院, 中建二局, “党员阳光护送队" ...

An organisation is found by its suffix (局, 法院, 医院, 公司, 护送队 ...). Its left
edge is where the run of name-like characters stops: at punctuation, at a verb or
function word jieba knows, or at a place name that the organisation does not include.
Bare generic references (街道, 市委, 社区居委会, 党组织) are not organisations.
"""

import re
from dataclasses import dataclass

from . import tokenizer
from .dictionaries import grouped
from .text import CJK, FUNCTION_CHARS


def _suffix_kinds():
    """(suffix, kind) pairs from dictionaries/org_suffixes.txt, longest suffix first."""
    pairs = [(s, kind) for kind, suffixes in grouped("org_suffixes").items() for s in suffixes]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


_SUFFIX_KINDS = _suffix_kinds()
_WORDS = grouped("org_words")
KIND_OF_SUFFIX = dict(_SUFFIX_KINDS)
_SUFFIX_RE = re.compile("|".join(re.escape(s) for s, _ in _SUFFIX_KINDS))

_GENERIC_BODIES = frozenset(_WORDS["generic"])
# Command bodies are named by what they command: 西宁市疫情防控处置工作指挥部,
# 区疫情防控领导小组. Their names may hold these words, which elsewhere end a name.
_COMMAND_SUFFIXES = {"指挥部", "领导小组", "工作领导小组"}
_COMMAND_WORDS = frozenset(_WORDS["in_command_name"])
# Suffixes that name one specific body, so that 区 + 残联 is an organisation while
# 区 + 政府 or 市 + 委 is only a generic reference.
_SPECIFIC_SUFFIXES = frozenset(_WORDS["specific_suffix"])
_LEVELS = {
    "国家",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "省委",
    "市委",
    "区委",
    "县委",
    "镇党委",
    "乡党委",
}
# Tags of tokens that can be part of a name: nouns, place and organisation names,
# abbreviations, idioms of names; unknown words (new names) count too.
_NAME_TAGS = {"n", "ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "l", "b", "an", "vn", "ng", "s"}
_NOT_NAME_WORDS = frozenset(_WORDS["not_in_name"])
_ORDINAL_RE = re.compile(r"第[一二三四五六七八九十\d]+$")
# Community-level bodies stand for the community itself, which is a place, not an organisation.
_COMMUNITY_BODY_RE = re.compile(
    r"(?:社区|村)[^，。]{0,4}(?:党委|党总支|党支部|居委会|村委会|居民委员会|村民委员会|服务站"
    r"|党群服务中心|(?<!卫生)服务中心)$"
)
# Institutions whose generic suffix needs only a descriptive name (劳动关系学院).
_INSTITUTIONS = {"学院", "大学", "中学", "小学", "医院", "公司", "集团", "协会", "学校"}
_QUOTED_TEAM_RE = re.compile(
    f'[“"]([{CJK}]{{2,16}}(?:队|团|联盟|小组))[”"]'
    f'|([“"][{CJK}]{{2,10}}[”"](?:宣讲团|服务队|志愿服务队|突击队|先锋队|志愿队|小分队|车队))'
)


# 省委省政府, 市委、市政府 written together: the levels' own bodies, no one body.
_LEVEL_BODIES_RE = re.compile(r"(?:[省市区县镇乡]委)?[、和]?[省市区县镇乡](?:人民)?政府")
_TOWN_GOVERNMENT_RE = re.compile(r"[镇乡](?:人民)?政府$|街道办$")
# 团海南省委, 团三亚市委: the Communist Youth League's committee of a province or city.
_YOUTH_LEAGUE_RE = re.compile(f"(?<![{CJK}])团[{CJK}]{{2,5}}?[省市区县]委(?![{CJK}]{{0,1}}书记)")


@dataclass(frozen=True)
class OrgSpan:
    start: int
    end: int
    kind: str  # people.Organization.Kind values, plus "police" (reported as government)


def find_organizations(text, tokens, places=()):
    """Every organisation named in `text` as non-overlapping spans in page order.

    `tokens` is jieba's cut of `text` with offsets ([(word, start, end), ...]);
    `places` are the (start, end, kind, name) spans of places found in it, which make a
    name specific.
    """
    ends = {end: i for i, (_, _, end) in enumerate(tokens)}
    spans = [
        OrgSpan(m.start(m.lastindex), m.end(m.lastindex), "volunteer_team")
        for m in _QUOTED_TEAM_RE.finditer(text)
    ]
    position = 0
    while match := _SUFFIX_RE.search(text, position):
        span = _organization_at(text, tokens, ends, match, places)
        # A suffix inside a longer word may hide the real one: 第一中学 is no 一中.
        position = match.start() + 1 if span is None and match.end() not in ends else match.end()
        if span is None or _inside_community(span, places):
            continue
        inside = [s for s in spans if span.start <= s.start and s.end <= span.end]
        if not any(s.start < span.end and span.start < s.end for s in spans if s not in inside):
            spans = [s for s in spans if s not in inside] + [span]
    spans = [_without_party_group(text, span) for span in spans]
    spans += [
        OrgSpan(m.start(), m.end(), "party")
        for m in _YOUTH_LEAGUE_RE.finditer(text)
        if not any(s.start < m.end() and m.start() < s.end for s in spans)
    ]
    return _merge_adjacent(sorted(spans, key=lambda s: s.start))


def _inside_community(span, places):
    """黄谷中心 of 黄谷中心村: a suffix inside a community's name ends no organisation."""
    return any(p.kind == "community" and p.start <= span.start and span.end < p.end for p in places)


def _without_party_group(text, span):
    """市民政局党组成员: the bureau is the organisation; its 党组 only qualifies the title."""
    name = text[span.start : span.end]
    if name.endswith("党组") and text.startswith(("成员", "书记", "副书记"), span.end):
        inner = name[:-2]
        if len(inner) >= 3 and unit_kind(inner) != "other":
            return OrgSpan(span.start, span.end - 2, unit_kind(inner))
    return span


def _merge_adjacent(spans):
    """中国工商银行 + 丰台支行 written together is one organisation: 中国工商银行丰台支行."""
    merged = []
    for span in spans:
        if merged and merged[-1].end == span.start:
            merged[-1] = OrgSpan(merged[-1].start, span.end, span.kind)
        else:
            merged.append(span)
    return merged


def full_names(names):
    """{short form: full name} for the organisations one page names in full and in short:
    工行丰台支行 and 丰台支行 are 中国工商银行丰台支行 when the page also writes that.

    A short form ends like its full name (the same last two characters, the same kind),
    and its characters occur in the full name in order (工…行丰台支行 in 中国工商银行丰台
    支行). A short form that fits several full names stays as it is.
    """
    names = sorted(set(names), key=len, reverse=True)
    resolved = {}
    for short in names:
        fulls = [full for full in names if len(full) > len(short) and _abbreviates(short, full)]
        longest = {
            full for full in fulls if not any(full != f and _abbreviates(full, f) for f in fulls)
        }
        if len(longest) == 1:
            resolved[short] = longest.pop()
    return resolved


def _abbreviates(short, full):
    if len(short) < 4 or short[-2:] != full[-2:] or unit_kind(short) != unit_kind(full):
        return False
    position = 0
    for char in short:
        position = full.find(char, position) + 1
        if not position:
            return False
    return True


def kind_of(name):
    """The organisation kind for a name, from its suffix ("other" if none): a
    people.Organization.Kind value, so a police body is "government"."""
    kind = unit_kind(name)
    return "government" if kind == "police" else kind


def unit_kind(name):
    """Like kind_of, but a police body (派出所, 公安分局, 交警大队) is "police": what the
    role of its staff depends on. A body's 机关 (市建委机关) is of the body's kind."""
    name = name.removesuffix("机关") or name
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix):
            return kind
    if re.search(r"(?:街道|街道办|街办|镇|乡|地区)$", name):
        return "government"  # 东华门街道党工委书记: a street's office is the government's
    return "other"


def has_name_of_its_own(name):
    """近陆宅小学, 古南中学: a name that says which body it is without the places before
    it; not 林业局, which is only a kind of bureau once its 睢县 is gone."""
    suffix = next((suffix for suffix, _ in _SUFFIX_KINDS if name.endswith(suffix)), "")
    body = name[: len(name) - len(suffix)]
    return len(body) >= 3 or (len(body) == 2 and _is_rare_word(body))


def _organization_at(text, tokens, ends, match, places):
    end, suffix = match.end(), match.group()
    if end not in ends and len(suffix) < 3 and not _word_follows(text, match):
        return None  # 局 of 局面, 党组 of 党组织: the suffix is inside a longer word
    index = ends.get(end) or next(i for i, token in enumerate(tokens) if token[2] >= end)
    while index > 0 and tokens[index][1] > match.start():
        index -= 1
    head_start = tokens[index][1]  # the token holding the suffix's start: 水利局, 统计局
    parts = _name_parts(text, tokens, index - 1, end, places, command=suffix in _COMMAND_SUFFIXES)
    parts = _trim_leading(text, parts, places)
    if not any(specific for *_, specific in parts):
        parts = _named_by_a_word(tokens, index, suffix, parts) or parts
    name_start = parts[0][1] if parts else head_start
    name_start = _start_at_community(places, name_start, match.start())
    name = text[name_start:end]
    body = name[: len(name) - len(suffix)]
    if len(name) < 3 or _COMMUNITY_BODY_RE.search(name) or name.endswith("办事处"):
        return None  # a community's or street's own office stands for the place
    if name in _GENERIC_BODIES or _LEVEL_BODIES_RE.fullmatch(name):
        return None  # 物管公司, 社康中心, 省委省政府: a kind of body, not one body
    if _TOWN_GOVERNMENT_RE.search(name):
        return None  # 西河镇镇政府, like a 街道办事处, stands for the town
    if suffix in _COMMAND_SUFFIXES and any(
        p.kind == "community" and p.start == name_start for p in places
    ):
        return None  # 灵山寺村疫情防控工作领导小组: the village's own working group
    head = tokens[index]
    specific = (
        any(specific for *_, specific in parts)
        or (head_start < match.start() and _is_specific_word(text[head_start : match.start()]))
        or _known_to_jieba(head, end, suffix)
    )
    if body in _LEVELS:
        specific = specific or suffix in _SPECIFIC_SUFFIXES
    elif any(body.startswith(level) for level in _LEVELS) and len(body) > 1:
        specific = True  # 市 + 水利 + 局: the local government's own bureau
    elif suffix in _INSTITUTIONS and len(parts) >= 2 and not _after_conjunction(text, name_start):
        specific = (
            True  # 劳动 + 关系 + 学院, but not the 农村发展学院 of 人民大学农业与农村发展学院
        )
    return OrgSpan(name_start, end, KIND_OF_SUFFIX[suffix]) if specific else None


_NUMERAL_RE = re.compile("[一二三四五六七八九十]+")


def _named_by_a_word(tokens, index, suffix, parts):
    """二十中学, 胜利派出所: a school named by its number, a police station by an ordinary
    word (胜利, 解放), when that word alone stands before the suffix: [(word, start, stop,
    specific)] for that word, or []."""
    if index == 0 or tokens[index][0] != suffix or len(parts) > 1:
        return []
    word, start, stop = tokens[index - 1]
    numbered = suffix in {"中学", "小学"} and _NUMERAL_RE.fullmatch(word)
    named = (
        suffix == "派出所"
        and len(word) == 2
        and re.fullmatch(f"[{CJK}]+", word)
        and word not in _NOT_NAME_WORDS
        and tokenizer.tag(word) not in {"v", "d", "p", "c", "r", "m"}
        and not set(word) & FUNCTION_CHARS
    )
    return [(word, start, stop, True)] if numbered or named else []


def _known_to_jieba(token, end, suffix):
    """武汉理工大学: one word jieba tags an organisation's name, with a name of its own
    before the suffix (not 党和政府, 街道党工委, 中医院)."""
    word, _, stop = token
    body = word[: len(word) - len(suffix)]
    return (
        stop == end
        and tokenizer.tag(word) == "nt"
        and len(body) >= 2
        and not set(body) & FUNCTION_CHARS
        and not re.search(r"街道|社区|[省市区县镇乡]$", body)
    )


def _word_follows(text, match):
    """中学|语文老师: jieba glued the suffix to the next word, which stands on its own."""
    after = text[match.end() : match.end() + 2]
    return (
        len(match.group()) >= 2
        and KIND_OF_SUFFIX[match.group()] != "party"  # 党组|书记 is a title, not a body
        and tokenizer.frequency(after) >= 100
        and tokenizer.frequency(match.group() + after[:1]) == 0
    )


def _name_parts(text, tokens, i, end, places, command=False):
    """The tokens left of the suffix that belong to the name: [(word, start, stop, specific)].
    A command body's name may be long and hold the words of what it commands."""
    parts = []
    while i >= 0:
        word, start, stop = tokens[i]
        aside = _aside_ending_at(tokens, i)
        if aside is not None:
            # 市文化旅游(文物)局, 高新区(新市区)人民检察院: another name of the body or its
            # place, in brackets inside the name.
            parts[:0] = [(w, s, e, False) for w, s, e in tokens[aside : i + 1]]
            i = aside - 1
            continue
        place = _place_at(places, start, stop)
        next_word = parts[0][0] if parts else ""
        if end - start > (32 if command else 18) or not (
            _can_be_in_name(word, next_word)
            or place
            or _split_from_new_word(tokens, i)
            or (command and word in _COMMAND_WORDS)
            or _after_its_level(tokens, i, places, is_first=not parts)
        ):
            break
        specific = _is_specific_word(word) and not _is_common_word_tagged_a_name(word)
        parts.insert(0, (word, start, stop, bool(place) or specific))
        i -= 1
    return parts


_GOVERNED_PLACES = {"province", "city", "district"}


def _after_its_level(tokens, i, places, is_first):
    """武宣县|委|组织部, 西宁市|审批|局: the 委 of a county's committee, and a bureau's
    function (a verb jieba knows) right before its suffix, after the place or level it
    serves."""
    if i == 0:
        return False
    word = tokens[i][0]
    before, start, stop = tokens[i - 1]
    place = _place_at(places, start, stop)
    at_level = before in _LEVELS or (place is not None and place.kind in _GOVERNED_PLACES)
    if word == "委":
        return bool(at_level) and before.endswith(("省", "市", "区", "县", "镇", "乡"))
    return (
        is_first
        and len(word) == 2
        and tokenizer.tag(word) in {"v", "vn"}
        and word not in _NOT_NAME_WORDS
        and bool(at_level)
    )


_ASIDE_OPENERS, _ASIDE_CLOSERS = "(（", ")）"
_MAX_ASIDE_CHARS = 8


def _aside_ending_at(tokens, i):
    """The index of the opening bracket of a short bracketed aside whose closing bracket is
    tokens[i], with a name-like word before it; None if there is none."""
    if tokens[i][0] not in _ASIDE_CLOSERS:
        return None
    j = i - 1
    while j >= 0 and re.fullmatch(f"[{CJK}]+", tokens[j][0]):
        j -= 1
    inside = tokens[i][1] - tokens[j + 1][1] if j < i - 1 else 0
    if j < 1 or tokens[j][0] not in _ASIDE_OPENERS or not 2 <= inside <= _MAX_ASIDE_CHARS:
        return None
    return j if _can_be_in_name(tokens[j - 1][0]) else None


def _trim_leading(text, parts, places):
    """Drop what the walk took in front of the name: 6日|冠京隆市场, 距离|新发地批发市场,
    卢沟桥乡|岳各庄村文明实践站."""
    first = parts[0][0] if parts else ""
    if len(first) == 2 and first[1] in "省市区县" and first[0] in "好完到了着过":
        # 处理好|市防控指挥部: jieba glued a verb's complement to the level (好市)
        word, start, stop, specific = parts[0]
        parts = [(word[1:], start + 1, stop, specific), *parts[1:]]
    if parts and parts[0][0][:1] in "日月年号" and text[parts[0][1] - 1 : parts[0][1]].isdigit():
        word, start, stop, specific = parts[0]
        parts = [(word[1:], start + 1, stop, specific), *parts[1:]] if len(word) > 1 else parts[1:]
    while (
        len(parts) >= 2
        and _is_common_noun(parts[0][0])
        and not _place_at(places, parts[0][1], parts[0][2])
        and any(p[3] for p in parts[1:])
    ):
        parts = parts[1:]
    for k in range(1, len(parts) - 1):
        # 青羊企业成都泰古尔泰商贸: a common noun inside the walk ends what came before.
        if (
            _is_common_noun(parts[k][0])
            and tokenizer.tag(parts[k][0]) == "n"
            and any(p[3] for p in parts[k + 1 :])
            and not _place_at(places, *parts[k][1:3])
        ):
            return parts[k + 1 :]
    return parts


def _start_at_community(places, name_start, suffix_start):
    """卢沟桥乡岳各庄村文明实践站 is the village's: a street written before the community
    that owns the organisation is not part of its name."""
    for start, _, kind, _ in places:
        if kind == "community" and name_start < start < suffix_start:
            streets = [p for p in places if p.kind == "street"]
            if all(any(p.start <= i < p.end for p in streets) for i in range(name_start, start)):
                return start
    return name_start


def _place_at(places, start, stop):
    return next((p for p in places if p.start < stop and start < p.end), None)


def _split_from_new_word(tokens, i):
    """思故|台, 宁海|路: jieba cut the last character off a name."""
    word = tokens[i][0]
    if len(word) != 1 or i == 0 or word in FUNCTION_CHARS or not re.match(f"[{CJK}]", word):
        return False
    before = tokens[i - 1][0]
    return (_is_new_word(before) or tokenizer.tag(before) == "ns") and (
        tokenizer.tag(word) in {"q", "n", "ng", "a", "b", ""} or word in _PLACE_FINALS
    )


_PLACE_FINALS = set("路街村镇巷里桥门园苑台寺庄湖山河湾岗坝营屯堡")
_ROAD_STARTS = set("路街东南西北中大")


def _is_common_noun(word):
    return (
        word not in _LEVELS
        and tokenizer.frequency(word) > 500
        and tokenizer.tag(word) in {"n", "vn", "v", "d", "l", "t", "f"}
    )


def _after_conjunction(text, position):
    return text[position - 1 : position] in {"与", "和", "及"}


def _can_be_in_name(word, next_word=""):
    if word in _LEVELS or _ORDINAL_RE.match(word):
        return True
    if tokenizer.tag(word) == "m" and next_word[:1] in _ROAD_STARTS:
        return True  # 七一|南路派出所, 五一|路: a date-named road
    if len(word) == 1 and tokenizer.tag(word) in {"a", "b", "ns", "nr"}:
        # 新 of 新发地, 红 of 红牌楼: jieba splits a name's first character off; but before a
        # bare level it is the end of a verb (处理好|市防控指挥部).
        return next_word not in _LEVELS
    if word in _NOT_NAME_WORDS or len(word) < 2 or not re.match(f"[{CJK}]+$", word):
        return False
    return tokenizer.tag(word) in _NAME_TAGS or _is_rare_word(word)


def _is_specific_word(word):
    """A place or organisation name, an abbreviation, or a word jieba does not know."""
    return tokenizer.tag(word) in {"ns", "nt", "nz", "nr", "nrt"} or bool(_is_new_word(word))


_MIN_COMMON_WORD_FREQ = 300  # lower than names.py's: here it only stops a name counting as specific


def _is_common_word_tagged_a_name(word):
    """慈善, 温馨: a common word jieba's dictionary happens to tag as a person's name."""
    return (
        len(word) > 1
        and tokenizer.tag(word) in {"nr", "nrt"}
        and tokenizer.frequency(word) >= _MIN_COMMON_WORD_FREQ
    )


_MAX_RARE_FREQ = 30


def _is_rare_word(word):
    """安防 (tagged a verb, seen 8 times): a word this rare, or one jieba made up, is a
    name's more than a verb's."""
    return tokenizer.frequency(word) < _MAX_RARE_FREQ and not set(word) & FUNCTION_CHARS


def _is_new_word(word):
    """A word jieba's HMM made up (冠京隆, 慧海), not a run of function characters (这是)."""
    return (
        len(word) >= 2
        and tokenizer.frequency(word) == 0
        and re.match(f"[{CJK}]+$", word)
        and not set(word) & FUNCTION_CHARS
    )
