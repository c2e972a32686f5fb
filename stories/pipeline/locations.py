"""Districts, streets and communities named in a story, placed with the national gazetteer.

Every candidate is triggered by its suffix (区/县/市, 街道/地区/乡/镇, 社区/村) and its name
is the longest text before the suffix that the gazetteer knows inside the page's area. A
community also splits off the street or district written in front of it (三间房聚福苑社区 →
三间房地区 + 聚福苑社区). A community the gazetteer does not know is kept, with a lower
confidence, when its name is plausible; a village (村) must be known, because 村 ends too
many ordinary words. Places not named but implied (the district of a named street) are
returned with `is_inferred`.

Communities are found in communities.py; the cached gazetteer lookups that both modules
use are in lookups.py.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from places.gazetteer import get_gazetteer

from .communities import COMMUNITY_SUFFIX_RE, find_communities
from .lookups import (
    acceptable,
    cities_named,
    city_codes,
    communities_named,
    districts_named,
    names_ending_at,
    streets_named,
)
from .records import DistrictMention, Span, StreetMention
from .text import CJK, FUNCTION_CHARS

_DISTRICT_SUFFIX_RE = re.compile("[区县市旗]")
_STREET_SUFFIX_RE = re.compile("街道|地区|乡|镇|(?<!街道)办事处")
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
    spans: list = field(default_factory=list)  # Span records of what the text names


def home_district_code(name, city=""):
    """The code of the page's home district `name` (鼓楼区), looked up inside its city when
    the page gives one; "" when unknown."""
    found = districts_named(name, tuple(city_codes(city))) if name else []
    return found[0].code if found else ""


def page_context(text, *, city="", home_district=""):
    """Division-code prefixes that place a page: from its metadata (`home_district` is a
    code), else from the districts and cities it names, else from the city most of its
    streets and communities share."""
    codes = [home_district] if home_district else []
    if city and not codes:
        codes += city_codes(city)
    if codes:
        return tuple(codes)
    votes = {}
    for match in _DISTRICT_SUFFIX_RE.finditer(text):
        for name in names_ending_at(text, match.end(), 2, 8):
            for entry in districts_named(name, ()) + cities_named(name):
                votes[entry.code[:4]] = votes.get(entry.code[:4], 0) + 1
    for regex, lookup in (
        (_STREET_SUFFIX_RE, streets_named),
        (COMMUNITY_SUFFIX_RE, communities_named),
    ):
        for match in regex.finditer(text):
            for name in names_ending_at(text, match.end(), 3, 10):
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
    communities = find_communities(text, story_context, found)
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
                found.spans.append(Span(match.start(), match.end(), "street", street.name))


def _mark_cities(text, context, found):
    """Spans of the page's own city (许昌市, 许昌), so that no one takes it for a name."""
    gazetteer = get_gazetteer()
    for code in {c[:4] for c in context if len(c) >= 4}:
        city = gazetteer.city(code)
        if city is None or not city.name:
            continue
        for name in {city.name, city.name.removesuffix("市")} - {""}:
            for match in re.finditer(re.escape(name), text):
                found.spans.append(Span(match.start(), match.end(), "city", city.name))


# --- districts ---------------------------------------------------------------------------


def _find_districts(text, context, found):
    entries, seen = [], set()
    for match in _DISTRICT_SUFFIX_RE.finditer(text):
        for name in names_ending_at(text, match.end(), 2, 8):
            candidates = districts_named(name, context)
            start = match.end() - len(name)
            if acceptable(candidates, context) or _after_its_city(text, start, candidates):
                _add_district(found, candidates[0], name, start, seen, entries)
                break
    if context:
        _find_short_districts(text, context, found, seen, entries)
    return entries


def _after_its_city(text, start, candidates):
    """盘锦市兴隆台区 on a page about 沈阳: a district written after its own city is meant,
    even outside the page's area."""
    if not candidates:
        return False
    city = candidates[0].city
    return (
        bool(city)
        and text.endswith(city, 0, start)
        and len([c for c in candidates if c.city == city]) == 1
    )


def _find_short_districts(text, context, found, seen, entries):
    """丰台法院, 丰台花乡: a district's short name, only inside the page's city and only
    before an institution of the district or a street, never before a road (朝阳路)."""
    shorts = _short_district_names(tuple(sorted({c[:4] for c in context})))
    listed = _listed_shorts(text, {short for _, short in shorts})
    for district, short in shorts:
        for match in re.finditer(re.escape(short), text):
            after = text[match.end() : match.end() + 6]
            if text.startswith(district.name, match.start()) or after[:1] in _ROAD_AFTER:
                continue
            if (
                _DISTRICT_SHORT_FOLLOWERS.match(after)
                or _street_starts(after, district.code)
                or match.start() in listed
            ):
                _add_district(found, district, short, match.start(), seen, entries)
                break


def _listed_shorts(text, shorts):
    """Where short district names stand in a list of two or more of them (海淀、西城、丰台):
    a list of the city's districts names each."""
    if not shorts:
        return set()
    alternatives = "|".join(sorted(map(re.escape, shorts), key=len, reverse=True))
    listed = set()
    for match in re.finditer(f"(?:{alternatives})(?:[、和](?:{alternatives}))+", text):
        position = match.start()
        for part in re.split("[、和]", match.group()):
            listed.add(position)
            position += len(part) + 1
    return listed


@lru_cache(maxsize=64)
def _short_district_names(cities):
    """(district, short name) for the current districts of these cities: 丰台区 → 丰台.
    A county named like its city (乌鲁木齐县, 长沙县) has no short name: 长沙 is the city."""
    return [
        (district, district.name[:-1])
        for district in get_gazetteer().districts_in(cities)
        if district.is_current
        and len(district.name) > 2
        and district.name[:-1] != district.city.removesuffix("市")
    ]


def _street_starts(text, district_code):
    return any(streets_named(text[:n], (district_code,)) for n in range(2, 6))


def _add_district(found, entry, mention, start, seen, entries):
    found.spans.append(Span(start, start + len(mention), "district", entry.name))
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
        for name in names_ending_at(text, match.end(), 2, 9):
            candidates = streets_named(name, context)
            if acceptable(candidates, context):
                start = match.end() - len(name)
                found.spans.append(Span(start, end, "street", candidates[0].name))
                if candidates[0].code not in seen:
                    seen.add(candidates[0].code)
                    entries.append((candidates[0], name))
                break
        else:
            unknown = _unknown_street(text, match, found)
            if unknown is not None and unknown.name not in seen:
                seen.add(unknown.name)
                found.streets.append(unknown)
    found.streets.extend(
        StreetMention(entry.name, mention, entry.code, entry.district_code)
        for entry, mention in entries
    )
    return [entry for entry, _ in entries]


_UNKNOWN_STREET_RE = re.compile(f"[{CJK}]{{2,4}}街道$")


def _unknown_street(text, match, found):
    """太原市万柏林区长风街道: a 街道 the gazetteer lacks, written in full right after the
    district the story named, is still a street of that district."""
    if match.group() != "街道":
        return None
    for district in (s for s in found.spans if s.kind == "district"):
        name = text[district.end : match.end()]
        if _UNKNOWN_STREET_RE.fullmatch(name) and not set(name) & FUNCTION_CHARS:
            entry = next(
                (d for d in districts_named(district.name, ()) if d.name == district.name), None
            )
            found.spans.append(Span(district.end, match.end(), "street", name))
            return StreetMention(
                name, name, "", entry.code if entry else "", is_inferred=False, confidence=0.6
            )
    return None


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
