"""The `ensure_editor` command behind `make run`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_ensure_editor():
    stdout = io.StringIO()
    call_command("ensure_editor", stdout=stdout)
    return stdout.getvalue()


def printed_password(output):
    return output.split("密码：")[1].split()[0]


def test_creates_superuser_editor_with_the_printed_password():
    output = run_ensure_editor()

    password = printed_password(output)
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_superuser
    assert editor.is_staff
    assert editor.check_password(password)


def test_second_run_keeps_the_user_and_its_password():
    first_output = run_ensure_editor()
    password = printed_password(first_output)

    second_output = run_ensure_editor()

    assert "密码：" not in second_output
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert get_user_model().objects.get(username="editor").check_password(password)
