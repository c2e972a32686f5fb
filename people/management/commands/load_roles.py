"""Add the role categories of fixtures/roles.json that are missing; `make run` calls it.

    python manage.py load_roles                  # fixtures/roles.json
    python manage.py load_roles other/roles.json

Idempotent, and unlike `loaddata` it never resets a role an editor changed (see people.roles).
"""

from django.core.management.base import BaseCommand, CommandError

from people.roles import FIXTURE, load_roles


class Command(BaseCommand):
    help = "载入角色类别 fixture 中数据库还没有的类别；已有的类别（包括编辑改过的）不修改。"

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=FIXTURE, help="角色类别 fixture，默认 fixtures/roles.json"
        )

    def handle(self, *args, path, **options):
        try:
            created, existing = load_roles(path)
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取角色类别文件 {path}：{error}") from error
        self.stdout.write(f"角色类别：新建 {len(created)}，已有 {len(existing)}（未修改）")
        if created:
            self.stdout.write(f"新建：{'、'.join(created)}")
