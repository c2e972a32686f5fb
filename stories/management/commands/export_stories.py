"""Write the archive's stories as JSON or CSV (see stories.exporting for the shape).

    python manage.py export_stories                              # JSON on stdout, every status
    python manage.py export_stories --published --format csv --output stories.csv

A file is written under a temporary name and renamed at the end, so a failed export never
leaves half a file behind or clobbers the previous one.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stories.exporting import WRITERS, stories_for_export


class Command(BaseCommand):
    help = "导出全部报道（含所有状态、不隐去姓名）为 JSON 或 CSV，UTF-8 编码。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", dest="output_format", choices=sorted(WRITERS), default="json"
        )
        parser.add_argument("--output", metavar="FILE", help="写入这个文件；默认写到标准输出。")
        parser.add_argument("--published", action="store_true", help="只导出已发布的报道。")

    def handle(self, *args, output_format, output, published, **options):
        stories = stories_for_export(published_only=published)
        write = WRITERS[output_format]
        if output is None:
            self.stdout.ending = None  # the writers end their own lines
            write(stories, self.stdout)
            return
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{output} 是目录，请给出文件名。")
        partial = path.with_name(f"{path.name}.part")
        try:
            with open(partial, "w", encoding="utf-8", newline="") as out:
                count = write(stories, out)
            os.replace(partial, path)
        except OSError as error:
            raise CommandError(f"无法写入 {output}：{error.strerror or error}") from error
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"已导出 {count} 篇报道到 {output}")
