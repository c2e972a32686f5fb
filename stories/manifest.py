"""Which page files to import, and what the operator knows about each (manifest.csv).

A manifest is a CSV file with a header row: filename (required), publication,
issue_date (YYYY-MM-DD), year, city, home_district. A folder's own manifest.csv is read
when none is given. Command options override the manifest for every page.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from .pipeline.records import PageMeta

MANIFEST_NAME = "manifest.csv"
_COLUMNS = ("filename", "publication", "issue_date", "year", "city", "home_district")


class ManifestError(ValueError):
    """Bad paths or a bad manifest: the message is shown to the operator as it is."""


@dataclass(frozen=True)
class PageSource:
    path: Path
    name: str
    meta: PageMeta


def collect_pages(paths, manifest_path=None, overrides=None):
    """PageSources for `paths` (files or folders), in a stable order."""
    files, manifests = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not found:
                raise ManifestError(f"{path}：文件夹里没有 .txt 版面文件")
            files += found
            if (path / MANIFEST_NAME).is_file():
                manifests.append(path / MANIFEST_NAME)
        elif path.is_file():
            files.append(path)
        else:
            raise ManifestError(f"{path}：文件或文件夹不存在")
    if manifest_path:
        manifests = [Path(manifest_path)]
    rows = {}
    for manifest in manifests:
        rows.update(read_manifest(manifest))
    return [
        PageSource(path, path.name, _meta(rows.get(path.name, {}), overrides or {}))
        for path in dict.fromkeys(files)
    ]


def read_manifest(path):
    """{filename: row} from a manifest CSV, validated."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "filename" not in reader.fieldnames:
                raise ManifestError(f"{path}：清单缺少 filename 列（应有 {', '.join(_COLUMNS)}）")
            rows = {}
            for number, row in enumerate(reader, start=2):
                name = (row.get("filename") or "").strip()
                if not name:
                    raise ManifestError(f"{path} 第 {number} 行：filename 为空")
                rows[name] = _validated(path, number, row)
            return rows
    except OSError as error:
        raise ManifestError(f"{path}：无法读取清单（{error.strerror}）") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise ManifestError(f"{path}：清单不是有效的 UTF-8 CSV 文件") from error


def _validated(path, number, row):
    values = {key: (row.get(key) or "").strip() for key in _COLUMNS}
    year = values["year"]
    if year and (not year.isdigit() or not 1949 <= int(year) <= 2100):
        raise ManifestError(f"{path} 第 {number} 行：year 应为年份，如 2020")
    if values["issue_date"]:
        try:
            datetime.date.fromisoformat(values["issue_date"])
        except ValueError as error:
            raise ManifestError(f"{path} 第 {number} 行：issue_date 应为 YYYY-MM-DD") from error
    return values


def _meta(row, overrides):
    values = {**row, **{key: value for key, value in overrides.items() if value}}
    year = int(values["year"]) if values.get("year") else None
    issue_date = values.get("issue_date") or ""
    if year is None and issue_date:
        year = int(issue_date[:4])
    return PageMeta(
        publication=values.get("publication") or "",
        issue_date=issue_date,
        year=year,
        city=values.get("city") or "",
        home_district=values.get("home_district") or "",
    )
