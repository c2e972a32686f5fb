"""restore_archive FILE: load a backup_archive file into a new database, then index it.

    python manage.py migrate                           # a new, empty database
    python manage.py restore_archive backup.json.xz

Refuses a database that already holds any of an archive (a place, person, story, revision,
admin log entry or user): loaddata writes rows by primary key, so it would overwrite some rows
and mix two archives. What `migrate` itself writes (content types, permissions, the 编辑 group)
may be there; the backup's group replaces the group. The rows load and the search index is
rebuilt in one transaction, so a failed restore leaves the database as it was.

Restore with the release that made the backup: the fixture has that release's fields.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import loaddata
from django.db import transaction

# The apps whose rows are an archive; auth's users too, but not its groups (see above).
ARCHIVE_APPS = ("places", "people", "stories", "reversion", "admin")


class Command(BaseCommand):
    help = "把 backup_archive 的备份载入一个刚迁移好的空数据库，并重建搜索索引。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup_archive 写的备份文件。")

    def handle(self, *args, file, **options):
        occupied = tables_holding_rows()
        if occupied:
            raise CommandError(
                f"数据库里已有档案数据（{'、'.join(occupied)}），只能恢复到刚迁移好的空数据库。"
            )
        loader = loaddata.Command()
        with transaction.atomic():
            call_command(loader, file, verbosity=0)
            call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(f"已从 {file} 恢复 {loader.loaded_object_count} 行。")


def tables_holding_rows():
    """The labels of the archive's models that have rows in the database."""
    models = [get_user_model()]
    for label in ARCHIVE_APPS:
        models += apps.get_app_config(label).get_models()
    return [model._meta.label for model in models if model._base_manager.exists()]
