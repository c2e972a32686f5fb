"""import_stories: read page files, extract, write them one page per transaction.

Thin by design: arguments, the loop, the report and the exit status. Reading and
extraction live in stories.pipeline, writing in stories.loader.
"""

from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from people.models import Role
from stories.loader import PageOutcome, import_page
from stories.manifest import ManifestError, collect_pages
from stories.models import ImportRun
from stories.pipeline import RoleMap, UnreadablePage, parse_page, read_page


class Command(BaseCommand):
    help = "导入报纸版面文本（默认 seeds/），切分报道并抽取人物、地点、组织和日期。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=["seeds"], help="版面文件或文件夹")
        parser.add_argument("--manifest", help="版面清单 CSV（默认读取文件夹里的 manifest.csv）")
        parser.add_argument("--publication", default="", help="报纸名称")
        parser.add_argument("--issue-date", default="", help="出版日期 YYYY-MM-DD")
        parser.add_argument("--year", type=int, help="版面年份")
        parser.add_argument("--city", default="", help="城市，如 北京市")
        parser.add_argument("--home-district", default="", help="报纸所在区县，如 丰台区")
        parser.add_argument("--publish", action="store_true", help="可信的新报道直接发布")
        parser.add_argument("--dry-run", action="store_true", help="只显示会新建和修改什么")
        parser.add_argument("--force", action="store_true", help="未改动的版面也重新抽取")

    def handle(self, *args, **options):
        overrides = {
            "publication": options["publication"],
            "issue_date": options["issue_date"],
            "year": options["year"],
            "city": options["city"],
            "home_district": options["home_district"],
        }
        try:
            pages = collect_pages(options["paths"], options["manifest"], overrides)
        except ManifestError as error:
            raise CommandError(str(error)) from error
        roles = {role.name: role.titles for role in Role.objects.all()}
        if not roles:
            raise CommandError("还没有角色类别：请先运行 python manage.py load_roles。")
        run = None
        if not options["dry_run"]:
            run = ImportRun.objects.create(
                options={
                    k: v
                    for k, v in options.items()
                    if k in {"paths", "manifest", "publish", "force", *overrides}
                }
            )
        failed = self._import_all(pages, run, RoleMap.from_categories(roles), options)
        if failed:
            raise CommandError(f"{failed} 个版面导入失败，其余版面已导入。")

    def _import_all(self, pages, run, role_map, options):
        totals, failed, results = {"stories": 0, "people": 0, "places": 0}, 0, []
        for number, page in enumerate(pages, start=1):
            outcome = self._import_one(page, run, role_map, options)
            results.append(outcome.as_dict())
            if outcome.action == "failed":
                failed += 1
                self.stderr.write(f"[{number}/{len(pages)}] {page.name}：失败：{outcome.message}")
                continue
            for key in totals:
                totals[key] += getattr(outcome, key)
            self.stdout.write(f"[{number}/{len(pages)}] {_summary(outcome)}")
            for warning in outcome.warnings:
                self.stdout.write(f"    注意：{warning}")
        verb = "将导入" if options["dry_run"] else "共导入"
        self.stdout.write(
            f"{verb} {len(pages) - failed} 个版面：报道 {totals['stories']} 篇，"
            f"人物 {totals['people']} 人次，地点 {totals['places']} 处；失败 {failed} 个。"
        )
        if run is not None:
            run.pages = results
            run.summary = {**totals, "failed": failed}
            run.status = ImportRun.Status.FAILED if failed else ImportRun.Status.FINISHED
            run.finished_at = timezone.now()
            run.save()
        return failed

    def _import_one(self, page, run, role_map, options):
        try:
            decoded = read_page(page.path)
        except UnreadablePage as error:
            return PageOutcome(page.name, action="failed", message=str(error))
        record = parse_page(decoded.text, filename=page.name, meta=page.meta, roles=role_map)
        record = replace(record, encoding=decoded.encoding)
        return import_page(
            record,
            run=run,
            publish=options["publish"],
            dry_run=options["dry_run"],
            force=options["force"],
        )


def _summary(outcome):
    action = {"created": "新建", "updated": "更新", "unchanged": "未改动"}[outcome.action]
    changes = "，".join(
        f"{_VERBS[verb]}{_NAMES.get(model, model)} {count}"
        for key, count in sorted(outcome.counts.items())
        for verb, model in [key.split(":")]
        if verb in _VERBS and count
    )
    return (
        f"{outcome.filename}：{action}；报道 {outcome.stories} 篇，人物 {outcome.people} 人次，"
        f"地点 {outcome.places} 处" + (f"（{changes}）" if changes else "")
    )


_VERBS = {"created": "新建", "updated": "修改", "deleted": "删除", "kept": "保留编辑的"}
_NAMES = {
    "Source": "版面",
    "Story": "报道",
    "Person": "人物",
    "Appearance": "人物出现",
    "Community": "社区村",
    "Street": "街道乡镇",
    "District": "区县",
    "Organization": "组织",
    "StoryDistrict": "区县关联",
    "StoryStreet": "街道关联",
    "StoryCommunity": "社区关联",
    "StoryOrganization": "组织关联",
}
