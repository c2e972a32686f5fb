"""Districts, streets and communities named in a story, placed with the national gazetteer.

Every candidate is triggered by its suffix (区/县/市, 街道/地区/乡/镇, 社区/村) and its name
is the longest text before the suffix that the gazetteer knows inside the page's area. A
community also splits off the street or district written in front of it (三间房聚福苑社区 →
三间房地区 + 聚福苑社区). A community the gazetteer does not know is kept, with a lower
confidence, when its name is plausible; a village (村) must be known, because 村 ends too
many ordinary words. Places not named but implied (the district of a named street) are
returned with `is_inferred`.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from places.gazetteer import get_gazetteer

from . import tokenizer
from .records import CommunityMention, DistrictMention, StreetMention
from .text import CJK

_DISTRICT_SUFFIX_RE = re.compile("[区县市旗]")
_STREET_SUFFIX_RE = re.compile("街道|地区|乡|镇")
# 居民区 and a bare 居委会 are what Shanghai and some other cities call a community.
_COMMUNITY_SUFFIX_RE = re.compile("居民区|居委会|社区|村")
_STOPS = set("，,、。；;：:！？!?（）()《》【】…—“”‘’\"' \n\u3000")
# Function words that end a phrase before a name (…的|西宏苑社区) but also occur inside
# names (祥和社区, 和平里街道), so they explain a prefix instead of cutting the window.
_FUNCTION_CHARS = set("的在到和与及是从向为对被把给让")
_NOT_A_COMMUNITY_AFTER = {
    "居民区": (),
    "居委会": (),
    "社区": ("卫生服务", "卫生院", "医院"),
    "村": (
        "民",
        "委",
        "干部",
        "里",
        "内",
        "级",
        "务",
        "庄",
        "镇",
        "落",
        "口",
        "头",
        "寨",
        "子",
        "居",
    ),
}
# A plausible community name does not start with these (verbs, determiners, numbers).
_LEADING_NOISE_RE = re.compile(
    r"^(?:[\d一二三四五六七八九十百几多余]+个|[各该本全每这那此其某所][个镇乡村]?|下沉|回到?|来到|走进|进入|深入|"
    r"前往|居住|住在|所在|辖区|服务|返回|报到|联系|覆盖|包括|其中|以及|所有|城乡|农村|城市|老旧|"
    r"整个|附近|周边|本地|当地|基层|新建|重点)+"
)
_ROAD_AFTER = set("路街道桥门里站村庄园苑城巷胡弄")
_DISTRICT_SHORT_FOLLOWERS = re.compile(
    r"(?:法院|检察院|公安|分局|区委|县委|区政府|县政府|支行|支队|消防|报|融媒|人民医院|医院|团委|"
    r"妇联|残联|教委|卫健委|税务|供电|交警|市场监管)"
)


@dataclass
class StoryPlaces:
    districts: list = field(default_factory=list)  # DistrictMention
    streets: list = field(default_factory=list)  # StreetMention
    communities: list = field(default_factory=list)  # CommunityMention
    spans: list = field(default_factory=list)  # (start, end, kind, name) in the text


def page_context(text, *, city="", home_district=""):
    """Division-code prefixes that place a page: from its metadata, else from the districts
    and cities it names, else from the city most of its streets and communities share."""
    codes = []
    if home_district:
        codes += [d.code for d in _districts(home_district, tuple(_city_codes(city)))[:1]]
    if city and not codes:
        codes += _city_codes(city)
    if codes:
        return tuple(codes)
    votes = {}
    for match in _DISTRICT_SUFFIX_RE.finditer(text):
        for name in _names_ending_at(text, match.end(), 2, 8):
            for entry in _districts(name, ()) + _cities(name):
                votes[entry.code[:4]] = votes.get(entry.code[:4], 0) + 1
    for regex, lookup in ((_STREET_SUFFIX_RE, _streets), (_COMMUNITY_SUFFIX_RE, _communities)):
        for match in regex.finditer(text):
            for name in _names_ending_at(text, match.end(), 3, 10):
                cities = {entry.code[:4] for entry in lookup(name, ())}
                for code in cities:
                    votes[code] = votes.get(code, 0) + 1 / len(cities)
    if not votes:
        return ()
    best = max(votes, key=votes.get)
    return (best,) if votes[best] >= 1 else ()


def find_places(text, context=()):
    """The places named in one story's text (simplified characters), with inferred parents."""
    found = StoryPlaces()
    districts = _find_districts(text, context, found)
    streets = _find_streets(text, context, found)
    story_context = (
        tuple(context) + tuple(s.code for s in streets) + tuple(d.code for d in districts)
    )
    communities = _find_communities(text, story_context, found, streets)
    _infer_parents(found, districts, streets, communities)
    _mark_cities(text, context, found)
    _mark_short_streets(text, found)
    return found


def _mark_short_streets(text, found):
    """A street the story names is also meant by its short name elsewhere in the story:
    红牌楼街道 …, 红牌楼派出所."""
    taken = {(start, end) for start, end, _, _ in found.spans}
    for street in [s for s in found.streets if not s.is_inferred]:
        short = re.sub("(?:街道|地区|乡|镇)$", "", street.mention or street.name)
        short = short[:-1] if short.endswith("街") else short
        if len(short) < 2:
            continue
        for match in re.finditer(re.escape(short), text):
            if not any(a <= match.start() < b for a, b in taken):
                found.spans.append((match.start(), match.end(), "street", street.name))


def _mark_cities(text, context, found):
    """Spans of the page's own city (许昌市, 许昌), so that no one takes it for a name."""
    gazetteer = get_gazetteer()
    for code in {c[:4] for c in context if len(c) >= 4}:
        city = gazetteer.city(code)
        if city is None or not city.name:
            continue
        for name in {city.name, city.name.removesuffix("市")} - {""}:
            for match in re.finditer(re.escape(name), text):
                found.spans.append((match.start(), match.end(), "city", city.name))


# --- districts ---------------------------------------------------------------------------


def _find_districts(text, context, found):
    entries, seen = [], set()
    for match in _DISTRICT_SUFFIX_RE.finditer(text):
        for name in _names_ending_at(text, match.end(), 2, 8):
            candidates = _districts(name, context)
            if _acceptable(candidates, context):
                _add_district(found, candidates[0], name, match.end() - len(name), seen, entries)
                break
    if context:
        _find_short_districts(text, context, found, seen, entries)
    return entries


def _find_short_districts(text, context, found, seen, entries):
    """丰台法院, 丰台花乡: a district's short name, only inside the page's city and only
    before an institution of the district or a street, never before a road (朝阳路)."""
    for district, short in _short_district_names(tuple(sorted({c[:4] for c in context}))):
        for match in re.finditer(re.escape(short), text):
            after = text[match.end() : match.end() + 6]
            if text.startswith(district.name, match.start()) or after[:1] in _ROAD_AFTER:
                continue
            if _DISTRICT_SHORT_FOLLOWERS.match(after) or _street_starts(after, district.code):
                _add_district(found, district, short, match.start(), seen, entries)
                break


@lru_cache(maxsize=64)
def _short_district_names(cities):
    """(district, short name) for the current districts of these cities: 丰台区 → 丰台."""
    return [
        (district, district.name[:-1])
        for district in get_gazetteer().districts_in(cities)
        if district.is_current and len(district.name) > 2
    ]


def _street_starts(text, district_code):
    return any(_streets(text[:n], (district_code,)) for n in range(2, 6))


def _add_district(found, entry, mention, start, seen, entries):
    found.spans.append((start, start + len(mention), "district", entry.name))
    if entry.code not in seen:
        seen.add(entry.code)
        entries.append(entry)


# --- streets -----------------------------------------------------------------------------


def _find_streets(text, context, found):
    entries, seen = [], set()
    for match in _STREET_SUFFIX_RE.finditer(text):
        end = match.end()
        if text.startswith("办事处", end):
            end += 3
        for name in _names_ending_at(text, match.end(), 2, 9):
            candidates = _streets(name, context)
            if _acceptable(candidates, context):
                start = match.end() - len(name)
                found.spans.append((start, end, "street", candidates[0].name))
                if candidates[0].code not in seen:
                    seen.add(candidates[0].code)
                    entries.append((candidates[0], name))
                break
    found.streets.extend(
        StreetMention(entry.name, mention, entry.code, entry.district_code)
        for entry, mention in entries
    )
    return [entry for entry, _ in entries]


# --- communities ---------------------------------------------------------------------------


def _find_communities(text, context, found, streets):
    entries = {}
    for match in _COMMUNITY_SUFFIX_RE.finditer(text):
        suffix = match.group()
        if text.startswith(_NOT_A_COMMUNITY_AFTER[suffix], match.end()):
            continue
        if suffix == "居委会" and text[max(0, match.start() - 2) : match.start()].endswith(
            ("社区", "村")
        ):
            continue  # 社区居委会 is the community's own committee
        window_start = match.start()
        while window_start > 0 and text[window_start - 1] not in _STOPS:
            window_start -= 1
            if match.start() - window_start >= 14:
                break
        window = text[window_start : match.start()]
        community = _place_community(
            text, window, window_start, suffix, match.end(), context, found
        )
        if community is not None and community.name not in entries:
            entries[community.name] = community
    found.communities.extend(entries.values())
    return list(entries.values())


def _place_community(text, window, window_start, suffix, end, context, found):
    """The community whose name ends at `end`: the longest known name whose prefix is
    explained (a street, a district, a verb), else a plausible unknown name."""
    lookup_suffix = "社区" if suffix in {"居民区", "居委会"} else suffix
    for k in range(len(window) - 1):
        name = window[k:] + lookup_suffix
        prefix = window[:k]
        prefix_streets = _prefix_streets(prefix, context)
        lookup_context = tuple(s.code for s in prefix_streets) + tuple(context)
        candidates = _communities(name, lookup_context)
        if _acceptable(candidates, context):
            if not _explained(prefix, prefix_streets, context):
                break  # 西溪雅苑社区 is not the known 溪雅苑社区 with a stray 西
            entry = candidates[0]
            # A 居民区 keeps the page's word; the gazetteer calls it a 社区.
            page_name = window[k:] + suffix if suffix != lookup_suffix else entry.name
            _add_prefix_street(found, prefix, prefix_streets, window_start)
            found.spans.append((window_start + k, end, "community", page_name))
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
    if suffix != "社区":
        return None  # 村 ends too many words, 居民区 is also "a residential area": known only
    return _unknown_community(text, window, window_start, suffix, end, context, found)


def _explained(prefix, prefix_streets, context):
    """True if nothing of `prefix` can belong to the community's name: it is empty, ends
    with a street or district, or is a verb or determiner (来到, 该镇)."""
    if not prefix or prefix_streets or _LEADING_NOISE_RE.fullmatch(prefix):
        return True
    if (
        prefix[-1] in "了着过"
        or prefix[-1] in _FUNCTION_CHARS
        or _LEADING_NOISE_RE.search(prefix[-2:])
    ):
        return True  # 组织了六里桥村: a verb phrase ends right before the name
    return any(
        _acceptable(_districts(prefix[k:], context), context) for k in range(len(prefix) - 1)
    )


def _known_tail(text, suffix, context):
    """The longest end of `text` that names a community somewhere in the country (大里 of
    一位男子走进大里) after words that cannot be part of it."""
    for k in range(max(0, len(text) - 6), len(text) - 1):
        if _communities(text[k:] + suffix, ()) and _explained(text[:k], [], context):
            return text[k:]
    return ""


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
    "南里 北里 公寓 大院 嘉园 大 小 新 老 上 下 前 后".split()
)


def _unknown_community(text, window, window_start, suffix, end, context, found):
    prefix_streets, cut = [], 0
    for k in range(len(window), 0, -1):  # shortest tail first: the street ends right before
        streets = _prefix_streets(window[:k], context)
        if streets:
            prefix_streets, cut = streets, k
            break
    tail = window[cut:]
    if not tail or tail[-1] in _NEVER_ENDS_A_NAME:
        return None  # 带领社区, 各社区, 回社区: a word before 社区, not a name
    trimmed = _known_tail(tail, suffix, context)
    if not trimmed:  # a name no community in the country has: it must look like one
        trimmed = _name_like_tail(_LEADING_NOISE_RE.sub("", tail))
        if not (2 <= len(trimmed) <= 6) or not re.match(f"[{CJK}]+$", trimmed):
            return None
        if len(trimmed) == 2 and not prefix_streets:
            return None  # 守好社区: two characters need a street before them
    start = window_start + cut + (len(tail) - len(trimmed))
    _add_prefix_street(found, window[:cut], prefix_streets, window_start)
    found.spans.append((start, end, "community", trimmed + suffix))
    street = prefix_streets[0] if prefix_streets else None
    return CommunityMention(
        trimmed + suffix,
        "村" if suffix == "村" else "社区",
        street_code=street.code if street else "",
        district_code=street.district_code if street else "",
        confidence=0.6,
    )


def _prefix_streets(prefix, context):
    """The street named at the end of `prefix` (三间房 of 三间房聚福苑), if any."""
    for k in range(len(prefix) - 1):
        streets = _streets(prefix[k:], context)
        if streets and _inside(streets[0].code, context):
            return streets[:1]
    return []


def _add_prefix_street(found, prefix, streets, window_start):
    if not streets or any(s.code == streets[0].code for s in found.streets):
        return
    street = streets[0]
    for k in range(len(prefix)):
        if _streets(prefix[k:], (street.code,)):
            found.spans.append(
                (window_start + k, window_start + len(prefix), "street", street.name)
            )
            found.streets.append(
                StreetMention(street.name, prefix[k:], street.code, street.district_code)
            )
            return


# --- inference -----------------------------------------------------------------------------


def _infer_parents(found, districts, streets, communities):
    gazetteer = get_gazetteer()
    named_streets = {s.code for s in found.streets}
    for community in communities:
        if community.street_code and community.street_code not in named_streets:
            street = gazetteer.street(community.street_code)
            if street is not None:
                named_streets.add(street.code)
                found.streets.append(
                    StreetMention(street.name, "", street.code, street.district_code, True, 0.9)
                )
    named_districts = {d.code for d in districts}
    found.districts.extend(_mention(d, False) for d in districts)
    for code in [s.district_code for s in found.streets] + [c.district_code for c in communities]:
        if code and code not in named_districts:
            district = gazetteer.district(code)
            if district is not None:
                named_districts.add(code)
                found.districts.append(_mention(district, True))


def district_mention(code, *, is_inferred=True, confidence=0.8):
    """A DistrictMention for a district code (the paper's home district), or None."""
    district = get_gazetteer().district(code)
    return _mention(district, is_inferred, confidence) if district else None


def _mention(entry, is_inferred, confidence=None):
    return DistrictMention(
        entry.name,
        entry.code,
        entry.city,
        entry.province,
        is_inferred,
        confidence if confidence is not None else (0.9 if is_inferred else 1.0),
    )


# --- gazetteer lookups, cached per process ------------------------------------------------


def _names_ending_at(text, end, shortest, longest):
    """Candidate names ending at `end`, longest first, never crossing punctuation."""
    start = end
    while start > 0 and end - start < longest and text[start - 1] not in _STOPS:
        start -= 1
    return [text[s:end] for s in range(start, end - shortest + 1)]


def _inside(code, context):
    return any(code.startswith(prefix) or prefix.startswith(code) for prefix in context)


def _acceptable(candidates, context):
    """Inside the page's area when it is known; else only a name unique in the country."""
    if not candidates:
        return False
    return _inside(candidates[0].code, context) if context else len(candidates) == 1


@lru_cache(maxsize=20000)
def _cities(name):
    return list(get_gazetteer().cities_named(name))


@lru_cache(maxsize=20000)
def _districts(name, context):
    return get_gazetteer().districts_named(name, context)


@lru_cache(maxsize=20000)
def _streets(name, context):
    return get_gazetteer().streets_named(name, context) if len(name) >= 2 else []


@lru_cache(maxsize=50000)
def _communities(name, context):
    return get_gazetteer().communities_named(name, context) if len(name) >= 3 else []


def _city_codes(city):
    gazetteer = get_gazetteer()
    if not city:
        return []
    cities = gazetteer.cities_named(city)
    if cities:
        return [cities[0].code]
    provinces = [code for code, name in gazetteer.provinces.items() if name == city]
    return provinces[:1]
