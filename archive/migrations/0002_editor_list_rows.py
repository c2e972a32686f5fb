"""The 编辑 group may edit the rows that replaced JSON lists (issue 7): a story's bylines and
text dates, people's and organisations' aliases. Without these permissions the change
forms would hide their inlines from editors."""

from importlib import import_module

from django.db import migrations

first = import_module("archive.migrations.0001_editor_group")

ADDED = {
    "stories": {"byline": first.CURATE, "storydate": first.CURATE},
    "people": {"personalias": first.CURATE, "organizationalias": first.CURATE},
}


def _permissions(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # see 0001: create them from the migration state
        first.create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, models in ADDED.items():
        wanted = [f"{a}_{model}" for model, actions in models.items() for a in actions]
        rows = Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=wanted
        )
        found += list(rows)
    groups = apps.get_model("auth", "Group").objects.using(using)
    group, _ = groups.get_or_create(name=first.GROUP_NAME)  # gone only if someone deleted it
    return group, found


def grant(apps, schema_editor):
    group, permissions = _permissions(apps, schema_editor)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    group, permissions = _permissions(apps, schema_editor)
    group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_editor_group"),
        ("people", "0003_aliases_as_rows"),
        ("stories", "0004_bylines_and_dates_as_rows"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
