"""backup_archive FILE: the whole archive as one Django JSON fixture, for restore_archive.

    python manage.py backup_archive backup.json.xz      # or .json, .json.gz, .json.bz2

Every row of every model, read through the base managers: stories with their links, bylines
and dates, people, organisations and places (merged records included), roles, editor notes,
the import journal, users and groups, the admin's log and django-reversion's revisions and
versions. Left out: content types and permissions, which `migrate` creates in the new database,
perhaps under other ids (rows that point at them, such as reversion's versions, name them by
natural key), sessions (a restore logs everyone out) and django-axes' login attempts and
lockouts (security logs of the running site, not archive data). The search index is not a model:
restore_archive rebuilds it.

Why not `dumpdata`, which this otherwise follows: its JSON cuts every time to the millisecond
(DjangoJSONEncoder's ECMA-262 format), so no restored timestamp would be the one backed up.
`loaddata` reads the file as it reads any JSON fixture.

The file is written under a temporary name and renamed at the end, so a failed backup never
leaves half a file behind or clobbers the previous one.
"""

import bz2
import datetime
import gzip
import lzma
import os
from itertools import chain
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

NOT_BACKED_UP = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
NOT_BACKED_UP_APPS = {"axes"}
# loaddata reads the format and the compression from the name.
OPENERS = {".json": open, ".json.gz": gzip.open, ".json.bz2": bz2.open, ".json.xz": lzma.open}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder with times to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Command(BaseCommand):
    help = "把整个档案（含历史记录、合并、编辑备注和用户）备份为一个 JSON 文件。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"备份文件名，以 {'、'.join(OPENERS)} 之一结尾。")

    def handle(self, *args, file, **options):
        path = Path(file)
        suffix = next((s for s in OPENERS if path.name.endswith(s)), None)
        if suffix is None:
            raise CommandError(f"备份文件名应以 {'、'.join(OPENERS)} 之一结尾：{file}")
        partial = path.with_name(f".partial-{path.name}")
        try:
            with OPENERS[suffix](partial, "wt", encoding="utf-8") as out:
                write_backup(out)
            os.replace(partial, path)
        except OSError as error:
            raise CommandError(f"无法写入 {file}：{error.strerror or error}") from error
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"已备份到 {file}")


def backed_up_models():
    """Every concrete model but NOT_BACKED_UP, those with natural keys before the rows that
    name them by it (as dumpdata orders them)."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if not model._meta.proxy
        and model._meta.label not in NOT_BACKED_UP
        and model._meta.app_label not in NOT_BACKED_UP_APPS
    ]


def write_backup(out):
    """Write every backed-up row to the text stream `out`, model by model in pk order, in one
    transaction (a snapshot on SQLite; under PostgreSQL's read committed, each query sees what
    was committed when it started)."""
    rows = chain.from_iterable(
        model._base_manager.order_by(model._meta.pk.name).iterator() for model in backed_up_models()
    )
    with transaction.atomic():
        serializers.serialize(
            "json", rows, stream=out, use_natural_foreign_keys=True, cls=FullPrecisionEncoder
        )
