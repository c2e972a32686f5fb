"""Load the committed gazetteer's districts and streets into the database.

    python manage.py load_gazetteer                    # the whole country, a few seconds
    python manage.py load_gazetteer --province 11      # Beijing only (repeatable)

Idempotent: a second run finds every unit in place and creates nothing. Rows an editor made,
verified or edited keep the editor's values (see places.loader).
"""

from django.core.management.base import BaseCommand, CommandError

from places.gazetteer import get_gazetteer
from places.loader import load_gazetteer


class Command(BaseCommand):
    help = "把区划地名表中的区县和街道乡镇（含已撤销的）载入数据库；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            dest="provinces",
            metavar="CODE",
            help="只载入这个省级区划代码（两位，如 11）下的区县和街道；可重复。",
        )

    def handle(self, *args, provinces, **options):
        gazetteer = get_gazetteer()
        unknown = [code for code in provinces if code not in gazetteer.provinces]
        if unknown:
            raise CommandError(f"未知的省级区划代码：{', '.join(unknown)}（应为两位数字，如 11）")
        report = load_gazetteer(gazetteer, tuple(dict.fromkeys(provinces)))
        for label, tally in (("区县", report.districts), ("街道乡镇", report.streets)):
            line = f"{label}：新建 {tally.created}，更新 {tally.updated}，未变 {tally.unchanged}"
            if tally.held:
                shown = "、".join(tally.held[:5]) + ("…" if len(tally.held) > 5 else "")
                line += f"，保留编辑的值或名称已被占用 {len(tally.held)}（{shown}）"
            self.stdout.write(line)
