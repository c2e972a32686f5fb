"""Role categories from fixtures/roles.json, added without touching the ones that exist.

`loaddata` writes every fixture row by primary key, so running it on each `make run` would
reset the titles and descriptions editors changed in the admin. `load_roles` only adds the
categories the database lacks.
"""

import json

from django.db import transaction

from fixtures import ROLES as FIXTURE

from .models import Role


def read_role_fixture(path):
    """The `fields` of every people.role object in a Django JSON fixture.

    Raises OSError if the file cannot be read and ValueError if it is not such a fixture.
    """
    with open(path, encoding="utf-8") as file:
        entries = json.load(file)
    if not isinstance(entries, list):
        raise ValueError("不是 Django 的 JSON fixture（应为对象列表）")
    roles = [entry.get("fields") for entry in entries if entry.get("model") == "people.role"]
    if not all(isinstance(fields, dict) and fields.get("slug") for fields in roles):
        raise ValueError("有角色类别缺少 slug")
    return roles


def load_roles(path=FIXTURE):
    """Create the role categories in the fixture at `path` that the database lacks.

    A category exists when a role has its slug or, failing that, its name, so a role an
    editor renamed (or re-slugged) is not created twice. Existing roles are never written.
    Returns (created, existing): the fixture names of the roles created and of those found.
    """
    fixture_roles = read_role_fixture(path)
    with transaction.atomic():
        known = set()
        for slug, name in Role.objects.values_list("slug", "name"):
            known |= {("slug", slug), ("name", name)}
        created, existing, new_roles = [], [], []
        for fields in fixture_roles:
            keys = {("slug", fields["slug"]), ("name", fields.get("name"))}
            if keys & known:
                existing.append(fields.get("name"))
                continue
            known |= keys
            new_roles.append(Role(**fields))
            created.append(fields.get("name"))
        Role.objects.bulk_create(new_roles)
    return created, existing
