"""import_stories: arguments, manifest, report, exit status, and nothing half-written."""

import io
import os
import socket
import subprocess

import pytest
from django.core.management import CommandError, call_command

from people.models import Person, Role
from stories.models import Appearance, ImportRun, Source, Story, StoryDistrict

pytestmark = pytest.mark.django_db

PAGE = """转岗不离岗 志愿服务队守护社区

本报讯（通讯员 周晓梅）近日，南苑街道西宏苑社区党委书记钱秀英带领志愿者开展入户排查。

2月3日，社区工作者王建华和志愿者一起为居民送去生活物资。
"""
OTHER_PAGE = """老兵守好小区门

本报讯（记者 赵一鸣）3月5日，云岗街道翠园社区民警刘振东和社区干部一起值守卡口。
"""


@pytest.fixture(autouse=True)
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER_PAGE, encoding="gb18030")
    (folder / "manifest.csv").write_text(
        "filename,publication,issue_date,year,city,home_district\n"
        "a.txt,丰台报,,2020,北京市,丰台区\n"
        "b.txt,丰台报,2020-03-06,,北京市,丰台区\n",
        encoding="utf-8",
    )
    return folder


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_stories", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_folder_and_reports_each_page(pages):
    out, _ = run(pages)

    assert "[1/2] a.txt：新建；报道 1 篇" in out
    assert "[2/2] b.txt：新建；报道 1 篇" in out
    assert "2 个版面，新建 2，更新 0，未改动 0，失败 0" in out
    assert Story.objects.count() == 2


def test_manifest_gives_each_page_its_metadata(pages):
    run(pages)

    source = Source.objects.get(filename="b.txt")
    assert (source.publication, str(source.issue_date), source.year, source.encoding) == (
        "丰台报",
        "2020-03-06",
        2020,
        "gb18030",
    )


def test_local_story_gets_the_papers_home_district_as_inferred(pages):
    run(pages / "b.txt", "--manifest", pages / "manifest.csv")

    link = StoryDistrict.objects.select_related("district").get(story__source__filename="b.txt")
    assert (link.district.name, link.is_inferred) == ("丰台区", True)


def test_command_options_override_the_manifest(pages):
    run(pages, "--publication", "北京晚报")

    assert set(Source.objects.values_list("publication", flat=True)) == {"北京晚报"}


def test_second_run_changes_nothing(pages):
    run(pages)
    counts = (Story.objects.count(), Person.objects.count())

    out, _ = run(pages)

    assert "未改动 2" in out
    assert (Story.objects.count(), Person.objects.count()) == counts


def test_every_run_is_recorded_with_its_pages(pages):
    run(pages)

    recorded = ImportRun.objects.get()
    assert recorded.status == ImportRun.Status.FINISHED
    assert [page["filename"] for page in recorded.pages] == ["a.txt", "b.txt"]
    assert recorded.changes.filter(action="created", content_type__model="story").count() == 2


def test_dry_run_writes_nothing(pages):
    out, _ = run(pages, "--dry-run")

    assert out.splitlines()[-1].startswith("试运行，未写入：2 个版面，新建 2")
    assert (Source.objects.count(), Story.objects.count(), ImportRun.objects.count()) == (0, 0, 0)


def test_missing_path_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="文件或文件夹不存在"):
        run(tmp_path / "nowhere")

    assert ImportRun.objects.count() == 0


def test_folder_without_pages_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"没有 \.txt 版面文件"):
        run(tmp_path)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("name,year\na.txt,2020\n", "缺少 filename 列"),
        ("filename,year\na.txt,二〇二〇\n", "year 应为年份"),
        ("filename,issue_date\na.txt,2020/03/06\n", "issue_date 应为 YYYY-MM-DD"),
        ("filename,year\n,2020\n", "filename 为空"),
    ],
)
def test_bad_manifest_is_refused_with_its_line(pages, manifest, message):
    (pages / "manifest.csv").write_text(manifest, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run(pages)

    assert (Source.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_unreadable_page_fails_alone_and_the_run_exits_non_zero(pages):
    (pages / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(CommandError, match="1 个版面导入失败，其余版面已导入"):
        run(pages)

    assert sorted(Source.objects.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_unreadable_page_message_names_the_file(pages, capsys):
    (pages / "c.txt").write_bytes(b"\x00\x01\x02binary")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_stories", str(pages), stdout=io.StringIO(), stderr=err)

    assert "c.txt：失败：二进制文件，不是文本" in err.getvalue()


BAD_PAGES = {
    "empty.txt": (b"", "空文件"),
    "scan.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "二进制文件"),
    "garbled.txt": (b"\x80\x80 abc \xff\xff", "无法按 UTF-8、GB18030 或 UTF-16 解码"),
    "huge.txt": (PAGE.encode() * (20 * 1024 * 1024 // len(PAGE.encode()) + 1), "文件超过"),
    "one-line.txt": (("社区工作者" * 70_000).encode(), "有一行长达 350,000 字"),
    "saved-web-page.txt": (f"<html><body><p>{PAGE}</p></body></html>".encode(), "HTML 标记"),
    "script.txt": (f"{PAGE}<script>alert(1)</script>".encode(), "HTML 标记（<script>）"),
    "english.txt": (b"Volunteers delivered groceries to residents.\n" * 20, "不是中文文本"),
}


def test_each_bad_page_fails_alone_with_a_chinese_line_and_nothing_of_it_is_written(pages):
    for name, (data, _) in BAD_PAGES.items():
        (pages / name).write_bytes(data)
    err = io.StringIO()

    with pytest.raises(CommandError, match=f"{len(BAD_PAGES)} 个版面导入失败，其余版面已导入"):
        call_command("import_stories", str(pages), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == len(BAD_PAGES)
    for name, (_, message) in BAD_PAGES.items():
        [line] = [line for line in lines if f"] {name}：失败：" in line]
        assert message in line
    assert sorted(Source.objects.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
    failed = {page["filename"] for page in ImportRun.objects.get().pages if page["message"]}
    assert failed == set(BAD_PAGES)


def test_without_role_categories_the_command_says_what_to_run(pages):
    Role.objects.all().delete()

    with pytest.raises(CommandError, match="load_roles"):
        run(pages)

    assert Source.objects.count() == 0


def test_renamed_role_category_is_still_given_to_its_people(pages):
    # 社区党委专职副书记 is in no title list: the pipeline's own rule decides the category.
    (pages / "a.txt").write_text(PAGE.replace("党委书记", "党委专职副书记"), encoding="utf-8")
    Role.objects.filter(name="社区书记").update(name="社区党组织书记")

    run(pages)

    appearance = Appearance.objects.select_related("role").get(person__name="钱秀英")
    assert (appearance.role.slug, appearance.role.name) == ("community-secretary", "社区党组织书记")


def test_changed_page_keeps_an_editors_title(pages):
    run(pages)
    story = Story.objects.get(source__filename="a.txt")
    story.title = "编辑定的标题"
    story.mark_edited(["title"])
    story.save()
    (pages / "a.txt").write_text(PAGE + "\n3月1日，社区恢复了日常服务。\n", encoding="utf-8")

    out, _ = run(pages)

    story.refresh_from_db()
    assert "a.txt：更新" in out
    assert story.title == "编辑定的标题"
    assert [d.value for d in story.text_dates.all()] == ["2020-02-03", "2020-03-01"]


def _archive():
    """What an import wrote, without ids: stories with their people and districts."""
    return sorted(
        (
            story.source.filename,
            story.position,
            story.title,
            story.body,
            tuple(sorted(a.person.name for a in story.appearances.all())),
            tuple(sorted(d.district.name for d in story.district_links.all())),
        )
        for story in Story.objects.select_related("source").prefetch_related(
            "appearances__person", "district_links__district"
        )
    )


def test_parallel_workers_write_what_one_process_writes(pages, tmp_path):
    for number in range(6):
        (pages / f"c{number}.txt").write_text(
            PAGE.replace("钱秀英", f"钱秀{'梅兰竹菊芳莲'[number]}")
        )
    run(pages, "--workers", "1")
    alone = _archive()
    Story.objects.all().delete()
    Source.objects.all().delete()

    out, _ = run(pages, "--workers", "3")

    assert _archive() == alone
    assert len(alone) == 8
    numbers = [line.split("]")[0] for line in out.splitlines() if line.startswith("[")]
    assert numbers == [f"[{n}/8" for n in range(1, 9)]


def test_parallel_workers_skip_unchanged_pages_and_report_unreadable_ones(pages):
    run(pages, "--workers", "2")
    (pages / "c.txt").write_bytes(b"\x00\x01\x02binary")

    with pytest.raises(CommandError, match="1 个版面导入失败"):
        run(pages, "--workers", "2")

    assert Source.objects.count() == 2
    assert ImportRun.objects.latest("pk").summary["unchanged"] == 2


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_workers_must_be_a_positive_number(pages, workers):
    with pytest.raises(CommandError, match=f"--workers 应为正整数（收到 {workers}）"):
        run(pages, "--workers", workers)
    assert not Source.objects.exists()


def test_a_run_whose_process_died_is_marked_interrupted_by_the_next(pages):
    host = socket.gethostname()
    dead = ImportRun.objects.create(options={"host": host, "pid": _gone_pid()})
    alive = ImportRun.objects.create(options={"host": host, "pid": os.getpid()})
    elsewhere = ImportRun.objects.create(options={"host": "another-host", "pid": _gone_pid()})

    run(pages)

    statuses = {run.pk: run.status for run in ImportRun.objects.all()}
    assert statuses[dead.pk] == ImportRun.Status.INTERRUPTED
    assert statuses[alive.pk] == statuses[elsewhere.pk] == ImportRun.Status.RUNNING
    assert ImportRun.objects.latest("pk").options["pid"] == os.getpid()


def _gone_pid():
    """The pid of a process that has ended and been reaped."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.mark.django_db(transaction=True)
def test_ctrl_c_mid_query_still_ends_in_one_line_and_an_interrupted_run(pages, monkeypatch):
    from django.db import connection

    from stories.management.commands import import_stories

    def interrupted(*args, **kwargs):
        if connection.vendor == "postgresql":
            # Where Ctrl-C lands between sending a query and reading its result.
            connection.ensure_connection()
            connection.connection.pgconn.send_query(b"SELECT pg_sleep(0.2)")
        raise KeyboardInterrupt

    monkeypatch.setattr(import_stories, "import_page", interrupted)

    with pytest.raises(CommandError, match=r"^导入已中断：已写入的版面完整保留"):
        run(pages, "--workers", "1")
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["interrupted"]
