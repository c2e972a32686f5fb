"""import_stories: read page files, extract, write them one page per transaction.

Thin by design: arguments, the loop, the report and the exit status. Reading and
extraction live in stories.pipeline, writing in stories.loader.

With --workers N (default: the machine's cores) pages are read and extracted in N forked
processes, which share the dictionaries this process loaded before forking; this process
alone writes, page by page in file order, each page one transaction. At most
_IN_FLIGHT_PER_WORKER pages a worker wait to be written, so memory stays bounded however
many pages there are.
"""

import multiprocessing
import os
import signal
import socket
from collections import Counter, deque
from contextlib import suppress
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, IntegrityError, OperationalError, connection
from django.utils import timezone

from people.models import Role
from stories.loader import PageOutcome, import_page, unchanged_page
from stories.manifest import ManifestError, collect_pages
from stories.models import ImportRun, Source
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
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="并行抽取的进程数（默认：本机核数）；写入始终由一个进程按版面逐个完成",
        )

    def handle(self, *args, **options):
        if options["workers"] < 1:
            raise CommandError(f"--workers 应为正整数（收到 {options['workers']}）。")
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
        # By slug, never by the name editors may rename (issue 7).
        roles = {role.slug: role.titles for role in Role.objects.all()}
        if not roles:
            raise CommandError("还没有角色类别：请先运行 python manage.py load_roles。")
        run = None
        if not options["dry_run"]:
            host = socket.gethostname()
            ImportRun.mark_interrupted(host, _process_alive)
            run = ImportRun.objects.create(
                options={
                    **{
                        k: v
                        for k, v in options.items()
                        if k in {"paths", "manifest", "publish", "force", *overrides}
                    },
                    "host": host,
                    "pid": os.getpid(),
                }
            )
        try:
            failed = self._import_all(pages, run, RoleMap.from_categories(roles), options)
        except KeyboardInterrupt:
            # The page being written was rolled back whole; the next run completes the rest.
            # Ctrl-C between sending a query and reading its result leaves the connection
            # busy with it, so the run is marked on a new one; should even that fail, the
            # next run marks it interrupted, as it does a run whose process died.
            connection.close()
            if run is not None:
                with suppress(DatabaseError):
                    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.INTERRUPTED)
            raise CommandError("导入已中断：已写入的版面完整保留，再次运行即可继续。") from None
        if failed:
            done = "其余版面为试运行，未写入" if options["dry_run"] else "其余版面已导入"
            raise CommandError(f"{failed} 个版面导入失败，{done}。")

    def _import_all(self, pages, run, role_map, options):
        outcomes = []
        extracted = _extracted(pages, role_map, options["force"], options["workers"])
        for number, (page, result) in enumerate(zip(pages, extracted, strict=True), start=1):
            outcome = self._write_one(page, result, run, options)
            outcomes.append(outcome)
            if outcome.action == "failed":
                self.stderr.write(f"[{number}/{len(pages)}] {page.name}：失败：{outcome.message}")
                continue
            self.stdout.write(f"[{number}/{len(pages)}] {_summary(outcome)}")
            for warning in outcome.warnings:
                self.stdout.write(f"    注意：{warning}")
        actions = Counter(outcome.action for outcome in outcomes)
        totals = {
            key: sum(getattr(o, key) for o in outcomes) for key in ("stories", "people", "places")
        }
        self.stdout.write(
            f"{'试运行，未写入：' if options['dry_run'] else ''}{len(pages)} 个版面，新建 "
            f"{actions['created']}，更新 {actions['updated']}，未改动 {actions['unchanged']}，"
            f"失败 {actions['failed']}；报道 {totals['stories']} 篇，"
            f"本次抽取人物 {totals['people']} 人次、地点 {totals['places']} 处。"
        )
        if run is not None:
            run.pages = [outcome.as_dict() for outcome in outcomes]
            run.summary = {**totals, **actions}
            failed = actions["failed"]
            run.status = ImportRun.Status.FAILED if failed else ImportRun.Status.FINISHED
            run.finished_at = timezone.now()
            run.save()
        return actions["failed"]

    def _write_one(self, page, result, run, options):
        kind, value = result
        if kind == "failed":
            return PageOutcome(page.name, action="failed", message=value)
        if kind == "unchanged":
            unchanged = unchanged_page(page.name, value)
            if unchanged is not None:
                return unchanged
            # Imported under another text since the names were read: extract it after all.
            kind, value = _extract(page, _ROLE_MAP, None)
            if kind == "failed":
                return PageOutcome(page.name, action="failed", message=value)
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                return import_page(
                    value,
                    run=run,
                    publish=options["publish"],
                    dry_run=options["dry_run"],
                    force=options["force"],
                )
            except (IntegrityError, OperationalError) as error:
                # Another import wrote the same natural key first, or the database's lock
                # or deadlock detector gave up on us: the transaction was rolled back whole,
                # and a second try finds the other import's rows and adds to them.
                if attempt == _ATTEMPTS:
                    return _database_failure(page, error)
            except DatabaseError as error:  # the page's transaction was rolled back whole
                return _database_failure(page, error)


# Two imports of one folder at once (two hosts, or an operator's slip) race on the same
# people and places; the loser of a race retries the page.
_ATTEMPTS = 3
_IN_FLIGHT_PER_WORKER = 4
_ROLE_MAP = None  # the run's RoleMap, set before the workers fork so that they inherit it


def _extracted(pages, role_map, force, workers):
    """(kind, value) for each page, in order: ("record", PageRecord), ("unchanged", sha256)
    for a text already imported under its name (not extracted again unless `force`), or
    ("failed", message)."""
    global _ROLE_MAP
    _ROLE_MAP = role_map
    known = {} if force else dict(Source.objects.values_list("filename", "sha256"))
    tasks = [(page, known.get(page.name)) for page in pages]
    if workers == 1 or len(pages) < 2:
        yield from (_extract(page, role_map, sha256) for page, sha256 in tasks)
        return
    parse_page("北京市丰台区")  # load every dictionary once, here, for the workers to share
    # A worker killed with this process (SIGKILL included) exits too: the pool's task pipe
    # closes, since each worker closed its copy of the writing end (tests/test_import_faults).
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(pages)), initializer=_leave_interrupts_to_parent) as pool:
        pending = deque()
        for task in tasks:
            pending.append(pool.apply_async(_extract_in_worker, task))
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _process_alive(pid):
    """Whether a process of this machine with this pid runs (a zombie does not)."""
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # no /proc (not Linux)
        return True


def _leave_interrupts_to_parent():
    """Ctrl-C reaches every process of the terminal's group: only this process's handles it
    (and stops the pool on its way out). A worker that died of it would leave its page's
    result never to arrive, and the writer waiting for it forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _database_failure(page, error):
    message = f"数据库错误：{' '.join(str(error).split())}"
    return PageOutcome(page.name, action="failed", message=message)


def _extract_in_worker(page, known_sha256):
    return _extract(page, _ROLE_MAP, known_sha256)


def _extract(page, role_map, known_sha256):
    """Read and extract one page: plain Python, no database, so that a worker can do it."""
    try:
        decoded = read_page(page.path)
    except UnreadablePage as error:
        return "failed", error.reason  # the report names the page
    if decoded.sha256 == known_sha256:
        return "unchanged", decoded.sha256
    record = parse_page(decoded.text, filename=page.name, meta=page.meta, roles=role_map)
    return "record", replace(record, encoding=decoded.encoding)


def _summary(outcome):
    if outcome.action == "unchanged":
        return f"{outcome.filename}：未改动（已有报道 {outcome.stories} 篇）"
    action = {"created": "新建", "updated": "更新"}[outcome.action]
    changes = "，".join(
        f"{_VERBS[verb]}{_NAMES[model]} {outcome.counts[f'{verb}:{model}']}"
        for verb in _VERBS
        for model in _NAMES
        if outcome.counts[f"{verb}:{model}"]
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
