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
    help = f"Create the superuser {USERNAME!r} with a generated password unless it exists."

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"User {USERNAME!r} exists; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=USERNAME, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Created superuser {USERNAME!r} with password: {password}")
        )
        self.stdout.write("The password is shown only now; keep it.")
