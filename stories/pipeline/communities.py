"""Communities (社区, 村, 居民区, 居委会) named in a story, placed with the gazetteer.

A community's name is the longest known name before its suffix whose prefix is explained
(a street, a district, a verb); the street written in front of it is split off as well
(三间房聚福苑社区 → 三间房地区 + 聚福苑社区). A 社区 the gazetteer does not know is kept,
with a lower confidence, when its name is plausible; a village (村) must be known, because
村 ends too many ordinary words. Split from locations.py, which calls find_communities
after districts and streets, because the searching and guessing here outweigh the rest.
"""

import re
from functools import lru_cache

from . import tokenizer
from .lookups import (
    acceptable,
    cities_named,
    communities_named,
    districts_named,
    inside,
    names_a_division,
    streets_named,
)
from .records import CommunityMention, Span, StreetMention
from .text import CJK, FUNCTION_CHARS, NAME_STOPS

# 居民区 and a bare 居委会 are what Shanghai and some other cities call a community.
COMMUNITY_SUFFIX_RE = re.compile("居民区|居委会|社区|嘎查|村")
# Function words that end a phrase before a name (…的|西宏苑社区) but also occur inside
# names (祥和社区, 和平里街道), so they explain a prefix instead of cutting the window.
_NOT_A_COMMUNITY_AFTER = {
    "居民区": (),
    "居委会": (),
    "社区": ("卫生服务", "卫生院", "医院"),
    "村": tuple("民 委 干部 里 内 级 务 庄 镇 落 口 头 寨 子 居 社".split()),
    "嘎查": ("村",),  # a 嘎查村 is the 嘎查 (Inner Mongolia's village) itself
}
# What follows a village's name only: its party branch or committee (天枰村党总支书记,
# 朗洲村委会 for 朗洲村村委会).
_VILLAGE_BODY_RE = re.compile(r"党支部|党总支|党委|两委|委会|村委会|村民委员会|支委|村支委|支部")
_COMMON_WORD_FREQ = 100
# A plausible community name does not start with these (verbs, determiners, numbers).
_LEADING_NOISE_RE = re.compile(
    r"^(?:[\d一二三四五六七八九十百几多余]+个|[各该本全每这那此其某所][个镇乡村]?|下沉|回到?|来到|走进|进入|深入|"
    r"前往|居住|住在|所在|辖区|服务|返回|报到|联系|覆盖|包括|其中|以及|所有|城乡|农村|城市|老旧|"
    r"整个|附近|周边|本地|当地|基层|新建|重点|现任|担任|兼任|曾任|原任)+"
)


def find_communities(text, context, found):
    """The CommunityMentions named in `text`, each once, in order of first mention.

    `context`: division-code prefixes of the story's area (the page's, its streets' and
    districts'); `found`: the story's StoryPlaces, which gets the communities, their spans
    and any street written in front of one that was not found already.
    """
    entries = {}
    for match in COMMUNITY_SUFFIX_RE.finditer(text):
        suffix = match.group()
        if text.startswith(_NOT_A_COMMUNITY_AFTER[suffix], match.end()) and not (
            suffix == "村" and _VILLAGE_BODY_RE.match(text, match.end())
        ):
            continue
        if suffix == "居委会" and text[max(0, match.start() - 2) : match.start()].endswith(
            ("社区", "村")
        ):
            continue  # 社区居委会 is the community's own committee
        window_start = match.start()
        while window_start > 0 and text[window_start - 1] not in NAME_STOPS:
            window_start -= 1
            if match.start() - window_start >= 14:
                break
        window = text[window_start : match.start()]
        community = _place_community(
            text, window, window_start, suffix, match.end(), context, found
        )
        if community is not None and community.name not in entries:
            entries[community.name] = community
    for community in _shared_suffix(text, context, found):
        entries.setdefault(community.name, community)
    _other_mentions(text, [c.name for c in entries.values() if c.kind == "村"], found)
    found.communities.extend(entries.values())
    return list(entries.values())


def _other_mentions(text, names, found):
    """淹子岭村隶属黄谷中心村 … 黄谷中心村党支部书记: a village known by one mention is the
    same village where the story writes its name again without its committee."""
    for name in names:
        for match in re.finditer(re.escape(name), text):
            if not any(s.start < match.end() and match.start() < s.end for s in found.spans):
                found.spans.append(Span(match.start(), match.end(), "community", name))


# 长乐、长宁、惠城等社区: several communities sharing one written suffix.
_SHARED_SUFFIX_RE = re.compile(
    f"((?:[{CJK}]{{2,4}}、)+[{CJK}]{{2,4}})(?:等|两个|三个|四个|几个)?(社区|村)"
)


def _shared_suffix(text, context, found):
    """The communities of a list whose items share the suffix written after the last one;
    each must be a community the gazetteer knows in the page's area."""
    for match in _SHARED_SUFFIX_RE.finditer(text):
        position, suffix = match.start(1), match.group(2)
        for name in match.group(1).split("、"):
            candidates = communities_named(name + suffix, tuple(context))
            taken = any(span.start == position for span in found.spans)
            if acceptable(candidates, context) and not taken:
                entry = candidates[0]
                found.spans.append(Span(position, position + len(name), "community", entry.name))
                yield CommunityMention(
                    entry.name, entry.kind, entry.code, entry.street_code, entry.district_code
                )
            position += len(name) + 1


def _place_community(text, window, window_start, suffix, end, context, found):
    """The community whose name ends at `end`: the longest known name whose prefix is
    explained (a street, a district, a verb), else a plausible unknown name."""
    lookup_suffix = "社区" if suffix in {"居民区", "居委会"} else suffix
    for k in range(len(window) - 1):
        name = window[k:] + lookup_suffix
        prefix = window[:k]
        prefix_streets = _prefix_streets(prefix, context)
        lookup_context = tuple(s.code for s in prefix_streets) + tuple(context)
        candidates = communities_named(name, lookup_context)
        if acceptable(candidates, context):
            if not _explained(prefix, prefix_streets, context):
                break  # 西溪雅苑社区 is not the known 溪雅苑社区 with a stray 西
            if not prefix_streets and _verb_and_its_object(text, window[k:], end):
                break  # 支援社区的防疫工作: helping a community, not 支援社区 of another city
            entry = candidates[0]
            # A 居民区 keeps the page's word; the gazetteer calls it a 社区.
            page_name = window[k:] + suffix if suffix != lookup_suffix else entry.name
            _add_prefix_street(found, prefix, prefix_streets, window_start)
            found.spans.append(Span(window_start + k, end, "community", page_name))
            street = prefix_streets[0] if prefix_streets else None
            if street is not None and entry.street_code != street.code:
                # The page puts it in another street than the gazetteer does: trust the
                # page (the community may be new, or the gazetteer's a namesake).
                return CommunityMention(
                    page_name, entry.kind, "", street.code, street.district_code, 0.7
                )
            return CommunityMention(
                page_name, entry.kind, entry.code, entry.street_code, entry.district_code
            )
    if suffix != "社区" and not (suffix == "村" and _VILLAGE_BODY_RE.match(text, end)):
        # 村 ends too many words, 居民区 is also "a residential area": known only, unless
        # the village's own party branch or committee follows (天枰村党总支书记).
        return None
    return _unknown_community(text, window, window_start, suffix, end, context, found)


def _explained(prefix, prefix_streets, context):
    """True if nothing of `prefix` can belong to the community's name: it is empty, ends
    with a street or district, or is a verb or determiner (来到, 该镇)."""
    if not prefix or prefix_streets or _LEADING_NOISE_RE.fullmatch(prefix):
        return True
    if (
        prefix[-1] in "了着过"
        or prefix[-1] in FUNCTION_CHARS
        or _LEADING_NOISE_RE.search(prefix[-2:])
    ):
        return True  # 组织了六里桥村: a verb phrase ends right before the name
    if _ends_with_verb(prefix):
        return True  # 筑牢南湖桥社区
    if re.search(r"(?:[镇乡村区县市]|辖区|境)[内里]$", prefix):
        return True  # 通往镇内茶园村: a locative ends the phrase before the name
    return any(
        acceptable(districts_named(prefix[k:], context), context) for k in range(len(prefix) - 1)
    )


@lru_cache(maxsize=4096)
def _ends_with_verb(text):
    words = tokenizer.cut(text)
    return bool(words) and len(words[-1][0]) >= 2 and tokenizer.tag(words[-1][0]) == "v"


def _known_tail(text, suffix, context):
    """The longest end of `text` that names a community somewhere in the country (大里 of
    一位男子走进大里) after words that cannot be part of it."""
    for k in range(max(0, len(text) - 6), len(text) - 1):
        if tokenizer.tag(text[k:]) in _DESCRIBING_TAGS and tokenizer.frequency(text[k:]) >= 500:
            continue  # 一个老旧大型社区: a kind of community, though somewhere one is so named
        if communities_named(text[k:] + suffix, ()) and _explained(text[:k], [], context):
            return text[k:]
    return ""


# jieba's tags of common words that describe or count (大型, 整个, 这个, 一些), which no
# name is (the rare 大里 is one).
_DESCRIBING_TAGS = {"b", "r", "m"}
# 红牌楼派出所社区民警: a unit between the street and 社区 is no community's name.
_UNIT_FINALS = set("所站局院队委办部厅处科")
_NEVER_ENDS_A_NAME = set("的了在到和与及是从向为对被把给让回进入各全本该每个们等领导区参加报")


@lru_cache(maxsize=4096)
def _name_like_tail(text):
    """The name-like words at the end of `text`: 一位男子走进大里 → 大里."""
    words = [word for word, _, _ in tokenizer.cut(text)]
    kept = []
    for word in reversed(words):
        if not _plausible_name(word, cut=False) or len(word) + sum(map(len, kept)) > 6:
            break
        kept.insert(0, word)
    return "".join(kept)


@lru_cache(maxsize=4096)
def _plausible_name(name, cut=True):
    """An unknown community name made of name-like words, not of verbs and pronouns."""
    tokens = [word for word, _, _ in tokenizer.cut(name)] if cut else [name]
    return all(
        tokenizer.frequency(word) == 0
        or tokenizer.tag(word) in {"ns", "nz", "nr", "nt", "j"}
        or word in _PLACE_WORDS
        for word in tokens
    )


_PLACE_WORDS = set(
    "园 苑 里 庄 城 路 街 桥 门 花园 家园 新村 小区 东 西 南 北 中 东里 西里 "
    "南里 北里 公寓 大院 嘉园 中心 大 小 新 老 上 下 前 后 一 二 三 四 五 六 七 八 九 十".split()
)


def _unknown_community(text, window, window_start, suffix, end, context, found):
    prefix_streets, cut = [], 0
    for k in range(len(window), 0, -1):  # shortest tail first: the street ends right before
        streets = _prefix_streets(window[:k], context) or _unknown_street_ending(
            found, window_start + k
        )
        if streets and len(window) - k != 1:  # 义井|东: no community is named with one character
            prefix_streets, cut = streets, k
            break
    tail = window[cut:]
    village = suffix == "村"  # only with its party branch or committee after it
    if not tail or tail[-1] in _NEVER_ENDS_A_NAME or (village and tail[-1] == "村"):
        return None  # 带领社区, 各社区, 回社区: a word before 社区, not a name
    trimmed = _known_tail(tail, suffix, context)
    if not prefix_streets and _verb_and_its_object(text, trimmed, end):
        return None
    between = _LEADING_NOISE_RE.sub("", tail)
    if (
        prefix_streets
        and 2 <= len(between) <= 8
        and re.match(f"[{CJK}]+$", between)
        and between[-1] not in _UNIT_FINALS
        and not re.search("社区|居委会|居民区", between)  # 杨家园社区一位|社区网格员
    ):
        # 建筑街道电机新村社区: between a street and 社区 is the community's whole name.
        trimmed = between
    if not trimmed:  # a name no community in the country has: it must look like one
        trimmed = _name_like_tail(_LEADING_NOISE_RE.sub("", tail))
        clause_named = village and not trimmed and between == tail
        if clause_named:
            trimmed = tail if _is_clause_name(text, window_start, tail) else ""
        if not (2 <= len(trimmed) <= 6) or not re.match(f"[{CJK}]+$", trimmed):
            return None
        if len(trimmed) == 2 and not prefix_streets and not clause_named:
            return None  # 守好社区: two characters need a street before them
    trimmed = _without_district(trimmed)  # 大东区江东社区: the district is no part of it
    # 新建路办事处龙岗, 城南高新园党工委御河: the street's office or party committee before it
    trimmed = re.sub(r"^.*?(?:办事处|街道办|党工委)", "", trimmed)
    if len(trimmed) < 2 or (not prefix_streets and names_a_division(trimmed)):
        return None  # 北京社区, 邓州社区: a city's communities (after a street it is a name)
    start = window_start + cut + (len(tail) - len(trimmed))
    _add_prefix_street(found, window[:cut], prefix_streets, window_start)
    found.spans.append(Span(start, end, "community", trimmed + suffix))
    street = prefix_streets[0] if prefix_streets else None
    return CommunityMention(
        trimmed + suffix,
        "村" if suffix == "村" else "社区",
        street_code=street.code if street else "",
        district_code=street.district_code if street else "",
        confidence=0.6,
    )


def _verb_and_its_object(text, stem, end):
    """支援社区的防疫工作, 服务社区居民: a two-character verb before 社区 that reads as its
    verb and object, where nothing but 的 or the community's work follows."""
    return (
        len(stem) == 2
        and tokenizer.tag(stem) == "v"
        and tokenizer.frequency(stem) >= _COMMON_WORD_FREQ
        and text.startswith(_A_COMMUNITYS_BUSINESS, end)
    )


_A_COMMUNITYS_BUSINESS = ("的", "防疫", "疫情", "抗疫", "工作", "开展", "居民", "群众")


def _is_clause_name(text, start, name):
    """，天枰村党总支书记: two or three characters that are a whole clause before a village's
    committee are its name, unless they are a common word (贫困村党支部: a kind of village)."""
    return (
        (start == 0 or text[start - 1] in NAME_STOPS)
        and 2 <= len(name) <= 3
        and tokenizer.frequency(name) < _COMMON_WORD_FREQ
        and not any(  # ，并鼓励村党员, 先开村两委会: a verb phrase, not a name
            tokenizer.tag(word)[:1] in {"v", "d", "c", "p", "r"} or set(word) & FUNCTION_CHARS
            for word, _, _ in tokenizer.cut(name)
        )
    )


def _without_district(name):
    """`name` without a district or city written at its start (大东区江东 → 江东), also a
    city's short name (长春长山花园 → 长山花园)."""
    for k in range(len(name) - 2, 1, -1):
        if name[k - 1] in "区县市旗" and districts_named(name[:k], ()) + cities_named(name[:k]):
            return name[k:]
    for k in range(min(len(name) - 2, 4), 1, -1):
        if cities_named(name[:k] + "市"):
            return name[k:]
    return name


def _prefix_streets(prefix, context):
    """The street named at the end of `prefix` (三间房 of 三间房聚福苑), if any."""
    for k in range(len(prefix) - 1):
        streets = streets_named(prefix[k:], context)
        if streets and inside(streets[0].code, context):
            return streets[:1]
    return []


def _unknown_street_ending(found, position):
    """A street the gazetteer lacks that the story named (长风街道) ending at `position`."""
    names = {span.name for span in found.spans if span.kind == "street" and span.end == position}
    return [s for s in found.streets if not s.code and s.name in names][:1]


def _add_prefix_street(found, prefix, streets, window_start):
    if not streets or any(s.code == streets[0].code for s in found.streets):
        return
    street = streets[0]
    for k in range(len(prefix)):
        if streets_named(prefix[k:], (street.code,)):
            found.spans.append(
                Span(window_start + k, window_start + len(prefix), "street", street.name)
            )
            found.streets.append(
                StreetMention(street.name, prefix[k:], street.code, street.district_code)
            )
            return
