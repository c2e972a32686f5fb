"""load_roles: adds the missing role categories and never resets one an editor changed."""

import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Role
from people.roles import load_roles
from tests.factories import make_role

pytestmark = pytest.mark.django_db


def run_load_roles(*args):
    out = io.StringIO()
    call_command("load_roles", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_the_15_categories_and_says_so():
    output = run_load_roles()
    assert Role.objects.count() == 15
    assert output.splitlines()[0] == "角色类别：新建 15，已有 0（未修改）"


def test_second_run_creates_nothing():
    run_load_roles()
    before = list(Role.objects.order_by("pk").values())
    output = run_load_roles()
    assert list(Role.objects.order_by("pk").values()) == before
    assert output.splitlines() == ["角色类别：新建 0，已有 15（未修改）"]


def test_rerun_keeps_the_titles_an_editor_changed():
    run_load_roles()
    Role.objects.filter(slug="volunteer").update(titles=["志愿者", "小区志愿者"], description="")
    run_load_roles()
    volunteer = Role.objects.get(slug="volunteer")
    assert (volunteer.titles, volunteer.description) == (["志愿者", "小区志愿者"], "")


def test_a_role_an_editor_renamed_is_not_created_again():
    run_load_roles()
    Role.objects.filter(slug="volunteer").update(name="志愿服务者")
    created, _ = load_roles()
    assert (created, Role.objects.count()) == ([], 15)


def test_a_role_found_by_name_under_another_slug_is_left_alone():
    make_role(name="志愿者", slug="volunteers", titles=["志愿者"])
    created, existing = load_roles()
    assert "志愿者" in existing
    assert Role.objects.get(name="志愿者").slug == "volunteers"
    assert len(created) == 14


def test_only_the_missing_role_is_created():
    run_load_roles()
    Role.objects.filter(slug="other").delete()
    created, existing = load_roles()
    assert (created, len(existing)) == (["其他"], 14)


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取角色类别文件"):
        run_load_roles(str(tmp_path / "missing.json"))
    assert Role.objects.count() == 0


def test_file_that_is_not_a_fixture_is_a_command_error(tmp_path):
    path = tmp_path / "roles.json"
    path.write_text('{"name": "志愿者"}', encoding="utf-8")
    with pytest.raises(CommandError, match="不是 Django 的 JSON fixture"):
        run_load_roles(str(path))
