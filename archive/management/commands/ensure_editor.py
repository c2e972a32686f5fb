"""Create the local `editor` superuser for `make run`, once.

The password is generated here and printed only when the user is created; it is never stored
anywhere else. When the user exists, nothing changes (change its password in the admin or with
`manage.py changepassword editor`).
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "editor"


class Command(BaseCommand):
    help = f"创建本地超级用户 {USERNAME}（随机密码，只显示一次）；已存在则不改动。"

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"用户 {USERNAME} 已存在，密码未改动。")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=USERNAME, email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"已创建超级用户 {USERNAME}，密码：{password}"))
        self.stdout.write("密码只显示这一次，请保存。")
