"""Gazetteer entries -> District and Street rows: every unit, current and gone.

`load_gazetteer()` matches a unit to a row by code, else by the model's natural key among rows
without a code (made by an editor, or by the story importer before the gazetteer was loaded).
It writes a field only where `CuratedModel.importer_may_write(field)` allows: rows it creates are
origin=importer; editor-made or verified rows and fields in `editor_fields` are never changed. A
unit whose name an editor's row already holds is left out and reported, never forced in. Renames
go through a placeholder name, so a chain like 卢沟桥街道 -> 六里桥街道 while 卢沟桥地区 ->
卢沟桥街道 never trips the unique constraints. Everything runs in one transaction.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from archive.models import Origin
from places.gazetteer import Gazetteer
from places.models import District, Street

BATCH_SIZE = 1000  # 12 columns a row stays under SQLite's 32766 bound variables


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    held: list[str] = field(default_factory=list)  # codes left out or left as an editor has them


@dataclass
class LoadReport:
    districts: Tally
    streets: Tally


def load_gazetteer(gazetteer: Gazetteer, provinces: tuple[str, ...] = ()) -> LoadReport:
    """Load the districts and streets of `provinces` (two-digit codes; all when empty)."""
    names = [gazetteer.provinces[code] for code in provinces]
    with transaction.atomic():
        districts = _scope(District, Q(province__in=names), provinces)
        wanted = {
            entry.code: _district_values(entry) for entry in gazetteer.districts_in(provinces)
        }
        district_tally = _sync(District, districts, wanted, ("province", "city", "name"))
        district_ids = _district_ids(gazetteer, provinces, names)
        streets = _scope(Street, Q(district__province__in=names), provinces)
        wanted, orphans = {}, []
        for entry in gazetteer.streets_in(provinces):
            if entry.district_code in district_ids:
                wanted[entry.code] = _street_values(entry, district_ids[entry.district_code])
            else:
                orphans.append(entry.code)
        street_tally = _sync(Street, streets, wanted, ("district_id", "name"))
        street_tally.held += orphans
    return LoadReport(district_tally, street_tally)


def _scope(model: type[models.Model], by_province: Q, provinces: tuple[str, ...]) -> list:
    """Every row a unit of these provinces could match or collide with."""
    rows = model.objects.defer("created_at", "updated_at")  # a third of the time, unused
    if provinces:
        by_code = Q()
        for code in provinces:
            by_code |= Q(code__startswith=code)
        rows = rows.filter(by_province | by_code)
    return list(rows)


def _district_ids(gazetteer: Gazetteer, provinces, names) -> dict[str, int]:
    """Gazetteer code -> District pk, also for units held by an editor's row without a code."""
    rows = District.objects.filter(province__in=names) if provinces else District.objects.all()
    ids, by_key = {}, {}
    for pk, code, *key in rows.values_list("pk", "code", "province", "city", "name"):
        if code:
            ids[code] = pk
        else:
            by_key[tuple(key)] = pk
    for entry in gazetteer.districts_in(provinces):
        if entry.code not in ids and (entry.province, entry.city, entry.name) in by_key:
            ids[entry.code] = by_key[(entry.province, entry.city, entry.name)]
    return ids


def _district_values(entry) -> dict:
    return {
        "code": entry.code,
        "name": entry.name,
        "kind": entry.kind,
        "city": entry.city,
        "province": entry.province,
        "former_names": list(entry.former_names),
        "is_current": entry.is_current,
    }


def _street_values(entry, district_id: int) -> dict:
    return {
        "code": entry.code,
        "name": entry.name,
        "kind": entry.kind,
        "district_id": district_id,
        "former_names": list(entry.former_names),
        "is_current": entry.is_current,
    }


def _may_write(row, name: str) -> bool:
    return row.importer_may_write(name.removesuffix("_id"))


def _sync(model, rows: list, wanted: dict[str, dict], key_fields: tuple[str, ...]) -> Tally:
    """Create the missing units and update importer-owned rows; see the module doc."""
    tally = Tally()
    by_code = {row.code: row for row in rows if row.code}
    blank = {tuple(getattr(row, f) for f in key_fields): row for row in rows if not row.code}
    changes, new = {}, []
    for code, values in wanted.items():
        row = by_code.get(code) or blank.get(tuple(values[f] for f in key_fields))
        if row is None:
            new.append(values)
            continue
        differs = {f: v for f, v in values.items() if getattr(row, f) != v}
        change = {f: v for f, v in differs.items() if _may_write(row, f)}
        if change:
            changes[row] = change
        if len(change) < len(differs):
            tally.held.append(code)
        if not differs:
            tally.unchanged += 1
    new = _resolve_clashes(rows, changes, new, key_fields, tally)
    _apply(model, changes, key_fields)
    model.objects.bulk_create(
        [model(**values, origin=Origin.IMPORTER) for values in new], batch_size=BATCH_SIZE
    )
    tally.created, tally.updated = len(new), len(changes)
    return tally


def _resolve_clashes(rows, changes, new, key_fields, tally) -> list[dict]:
    """Drop renames and creations whose natural key another row would still hold."""

    def key(row):
        values = {f: getattr(row, f) for f in key_fields} | changes.get(row, {})
        return tuple(values[f] for f in key_fields)

    while True:
        holders = Counter(key(row) for row in rows)
        holders.update(tuple(values[f] for f in key_fields) for values in new)
        renames = [row for row in changes if key(row) != tuple(getattr(row, f) for f in key_fields)]
        clashes = [row for row in renames if holders[key(row)] > 1]
        blocked = {id(v) for v in new if holders[tuple(v[f] for f in key_fields)] > 1}
        if not clashes and not blocked:
            return new
        for row in clashes:
            tally.held.append(row.code or changes[row].get("code", ""))
            changes[row] = {f: v for f, v in changes[row].items() if f not in key_fields}
            if not changes[row]:
                del changes[row]
        tally.held += [values["code"] for values in new if id(values) in blocked]
        new = [values for values in new if id(values) not in blocked]


def _apply(model, changes: dict, key_fields: tuple[str, ...]) -> None:
    """Write the changes; renamed rows first take a placeholder name that no unit has."""
    renamed = [row for row, change in changes.items() if set(change) & set(key_fields)]
    for row in renamed:
        row.name = f"~{row.pk}"
    model.objects.bulk_update(renamed, ["name"], batch_size=BATCH_SIZE)
    now = timezone.now()
    fields = {"updated_at"}
    for row, change in changes.items():
        for name, value in change.items():
            setattr(row, name, value)
        row.updated_at = now
        fields |= set(change)
    model.objects.bulk_update(list(changes), sorted(fields), batch_size=BATCH_SIZE)
