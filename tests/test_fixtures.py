"""fixtures/roles.json: the 15 role categories load with `loaddata` on both databases."""

import io
import json
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from people.models import Role
from tests.factories import make_role

ROLES_FIXTURE = settings.BASE_DIR / "fixtures" / "roles.json"

pytestmark = pytest.mark.django_db


def load_roles_fixture():
    call_command("loaddata", ROLES_FIXTURE, stdout=io.StringIO())


def test_loaddata_loads_the_15_role_categories():
    load_roles_fixture()
    assert Role.objects.count() == 15


def test_loaded_roles_are_ordered_one_to_fifteen():
    load_roles_fixture()
    assert list(Role.objects.values_list("sort_order", flat=True)) == list(range(1, 16))


def test_only_students_and_residents_hide_their_names():
    load_roles_fixture()
    private = set(Role.objects.filter(is_private=True).values_list("slug", flat=True))
    assert private == {"student", "resident"}


def test_a_new_role_after_loaddata_gets_a_free_primary_key():
    # loaddata writes explicit primary keys; on PostgreSQL it must also move the sequence on.
    load_roles_fixture()
    make_role()
    assert Role.objects.count() == 16


def test_no_verbatim_title_belongs_to_two_categories():
    roles = json.loads(ROLES_FIXTURE.read_text(encoding="utf-8"))
    claimed = Counter(title for role in roles for title in set(role["fields"]["titles"]))
    assert [title for title, count in claimed.items() if count > 1] == []
