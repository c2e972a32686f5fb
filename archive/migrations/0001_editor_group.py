"""The 编辑 group: exactly the permissions curation needs, and no user or group management.

On a fresh database Django creates permissions only after every migration has run
(post_migrate), so this migration creates them itself first, from the migration state.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "编辑"

CURATE = ["view", "add", "change", "delete"]
CORRECT = ["view", "change"]

PERMISSIONS = {
    "stories": {
        "story": CURATE,
        "appearance": CURATE,
        "storydistrict": CURATE,
        "storystreet": CURATE,
        "storycommunity": CURATE,
        "storyorganization": CURATE,
        "source": CORRECT,
        "importrun": CORRECT,  # change: the undo action
        "importchange": ["view"],
    },
    "people": {"person": CURATE, "organization": CURATE, "role": CORRECT},
    "places": {"community": CURATE, "district": CORRECT, "street": CORRECT},
}


def codenames(app_label):
    return [
        f"{action}_{model}"
        for model, actions in PERMISSIONS[app_label].items()
        for action in actions
    ]


def create_editor_group(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        # Migration-state app configs have no models module; create_permissions skips
        # apps without one.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    permissions = []
    for app_label in PERMISSIONS:
        wanted = codenames(app_label)
        found = list(
            Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=wanted
            )
        )
        if len(found) != len(wanted):
            raise LookupError(f"{app_label}: expected {len(wanted)} permissions, found {len(found)}")
        permissions += found
    group.permissions.set(permissions)


def delete_editor_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("places", "0001_initial"),
        ("stories", "0002_search_index"),
    ]

    operations = [migrations.RunPython(create_editor_group, delete_editor_group)]
