"""backup_archive and restore_archive: a curated archive comes back row for row.

The archive is built as editors build it: a seed page imported by import_stories, a story's
title and note edited in the admin, every story published with the admin's action, a person
linked by an editor and merged through the admin into one the importer found, an editor in the
编辑 group. So django-reversion holds revisions and versions, the import journal its changes
and the admin its log.

It is backed up inside a savepoint that is then rolled back, which leaves the test database as
`migrate` made it: an empty archive to restore into. Before the restore, the content types and
permissions are created again under other ids, as in a database whose migrations ran in
another order, so a backup that kept their ids instead of their natural keys would point
history, the journal and permissions at the wrong models.
"""

import gzip
import io
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from people.models import Person
from stories.models import Story
from tests.factories import make_appearance, make_person, make_story
from tests.test_admin import submit_change_form

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_PAGE = "004_023126f4ee266417.txt"  # seven stories with every kind of link
NOT_BACKED_UP = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
NOT_BACKED_UP_APPS = {"axes"}  # login attempts and lockouts: the running site's, not the archive's
EDITED_TITLE = "备份演练中的社区"
SEARCHED = "备份演练"  # in no other story of the page
STORY_NOTE = "标题已与原版面核对"
PERSON_NOTE = "与导入的同名人物是同一人"


class _RollBack(Exception):
    pass


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def curate(editor_group):
    """The archive described above, made through the importer, the admin and the models."""
    call_command("load_roles", stdout=io.StringIO())
    call_command(
        "import_stories", "--workers", "1", "--manifest", f"{SEEDS}/manifest.csv",
        f"{SEEDS}/{SEED_PAGE}", stdout=io.StringIO(),
    )  # fmt: skip
    admin = Client()
    admin.force_login(User.objects.create_superuser("chief", password="unused"))
    first, second = Story.objects.order_by("position")[:2]
    submit_change_form(admin, first, title=EDITED_TITLE, editor_notes=STORY_NOTE)
    all_stories = list(Story.objects.values_list("pk", flat=True))
    admin.post(changelist(Story), {"action": "publish_stories", "_selected_action": all_stories})
    survivor = first.appearances.earliest("pk").person
    duplicate = make_person(name=f"{survivor.name[0]}书记", notes=PERSON_NOTE)
    make_appearance(story=second, person=duplicate)
    merge = {"action": "merge_selected", "post": "yes", "survivor": survivor.pk}
    admin.post(changelist(Person), {**merge, "_selected_action": [survivor.pk, duplicate.pk]})
    editor = User.objects.create_user("editor-a", is_staff=True)
    editor.groups.add(editor_group)
    editor.user_permissions.add(Permission.objects.get(codename="view_importrun"))


def snapshot():
    """{model label: [row, …] in pk order} for every model the backup holds. Content types and
    permissions, which a restore finds under other ids, are given by natural key; rows of
    many-to-many tables, which loaddata writes anew, without their own ids and sorted."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_BACKED_UP or model._meta.app_label in NOT_BACKED_UP_APPS:
            continue
        by_key = {
            field.attname: field.related_model
            for field in model._meta.concrete_fields
            if field.related_model in (ContentType, Permission)
        }
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            for attname, target in by_key.items():
                row[attname] = target.objects.get(pk=row[attname]).natural_key()
        if model._meta.auto_created:  # a many-to-many table, written anew by loaddata
            rows = sorted(
                tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in rows
            )
        tables[model._meta.label] = rows
    return tables


def renumber_content_types():
    """Create every content type and permission again, in reverse order, under new ids."""
    names = list(ContentType.objects.order_by("-pk").values_list("app_label", "model"))
    ContentType.objects.all().delete()  # and, by cascade, the permissions
    ContentType.objects.bulk_create(ContentType(app_label=a, model=m) for a, m in names)
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


@dataclass(frozen=True)
class Backup:
    path: Path
    archive: dict  # the snapshot() of the archive it holds
    content_type_ids: dict  # {natural key: id} when it was made


@pytest.fixture
def backup(tmp_path, editor_group):
    """The curated archive's backup; the database is empty again, its content types and
    permissions renumbered."""
    path = tmp_path / "archive.json.xz"
    with suppress(_RollBack), transaction.atomic():
        curate(editor_group)
        archive = snapshot()
        call_command("backup_archive", path, stdout=io.StringIO())
        raise _RollBack
    ids = {
        content_type.natural_key(): content_type.pk for content_type in ContentType.objects.all()
    }
    renumber_content_types()
    yield Backup(path, archive, ids)
    ContentType.objects.clear_cache()  # the test's rollback brings back the old ids


def restore(path):
    out = io.StringIO()
    call_command("restore_archive", path, stdout=out)
    return out.getvalue()


def test_the_curated_archive_has_rows_of_every_model_the_backup_holds(backup):
    assert [label for label, rows in backup.archive.items() if not rows] == []


def test_the_restore_meets_content_types_under_other_ids(backup):
    assert [
        key
        for key, old_id in backup.content_type_ids.items()
        if ContentType.objects.get_by_natural_key(*key).pk == old_id
    ] == []


def test_a_restored_backup_is_the_archive_row_for_row(backup):
    restore(backup.path)
    assert snapshot() == backup.archive


def test_a_restored_archive_is_searchable(backup):
    restore(backup.path)
    found = Story.objects.search(SEARCHED).values_list("title", flat=True)
    assert list(found) == [EDITED_TITLE]


def test_restore_reports_the_rows_it_loaded(backup):
    # Many-to-many rows (a user's groups, a group's permissions) load with their row's object.
    objects = sum(
        len(rows)
        for label, rows in backup.archive.items()
        if not apps.get_model(label)._meta.auto_created
    )
    assert f"恢复 {objects} 行" in restore(backup.path)


# --- refusals --------------------------------------------------------------------------------


@pytest.fixture
def empty_backup(tmp_path):
    """A backup of the database as migrate made it."""
    path = tmp_path / "empty.json"
    call_command("backup_archive", path, stdout=io.StringIO())
    return path


def test_restore_refuses_a_database_that_holds_an_archive(empty_backup):
    make_story()
    with pytest.raises(CommandError, match=r"已有档案数据（stories\.Source、stories\.Story）"):
        restore(empty_backup)


def test_a_refused_restore_writes_nothing(empty_backup):
    story = make_story()
    with suppress(CommandError):
        restore(empty_backup)
    assert list(Story.objects.all()) == [story]


def test_backup_refuses_a_name_restore_could_not_read(tmp_path):
    with pytest.raises(CommandError, match="备份文件名应以"):
        call_command("backup_archive", tmp_path / "archive.xml")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_into_a_missing_folder_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="无法写入"):
        call_command("backup_archive", tmp_path / "missing" / "archive.json")


def test_a_second_backup_replaces_the_first_and_leaves_no_partial_file(tmp_path):
    path = tmp_path / "archive.json.gz"
    call_command("backup_archive", path, stdout=io.StringIO())
    make_story(title=EDITED_TITLE)
    call_command("backup_archive", path, stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == [path]
    assert EDITED_TITLE in gzip.decompress(path.read_bytes()).decode()
