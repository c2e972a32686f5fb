"""Aliases of people and organisations become rows an editor edits one by one (issue 7).

The JSON lists are renamed out of the way of the new `aliases` relation, copied into
rows (blank and repeated names dropped), then removed."""

import django.db.models.deletion
from django.db import migrations, models


def copy_aliases(apps, schema_editor):
    for owner, alias, field in (
        ("Person", "PersonAlias", "person"),
        ("Organization", "OrganizationAlias", "organization"),
    ):
        Owner, Alias = apps.get_model("people", owner), apps.get_model("people", alias)
        rows = []
        for pk, names in Owner.objects.exclude(aliases_json=[]).values_list("pk", "aliases_json"):
            clean = [str(n).strip() for n in names or () if str(n).strip()]
            rows += [Alias(**{f"{field}_id": pk}, name=n[:128]) for n in dict.fromkeys(clean)]
        Alias.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    for owner, field in (("Person", "person"), ("Organization", "organization")):
        Owner = apps.get_model("people", owner)
        Alias = apps.get_model("people", f"{owner}Alias")
        names = {}
        for pk, name in Alias.objects.order_by("pk").values_list(f"{field}_id", "name"):
            names.setdefault(pk, []).append(name)
        for pk, aliases in names.items():
            Owner.objects.filter(pk=pk).update(aliases_json=aliases)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_organization_merged_into"),
    ]

    operations = [
        migrations.RenameField("organization", "aliases", "aliases_json"),
        migrations.RenameField("person", "aliases", "aliases_json"),
        migrations.CreateModel(
            name="OrganizationAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=128, verbose_name="别称")),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="people.organization",
                        verbose_name="组织机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "别名",
                "verbose_name_plural": "别名",
                "ordering": ["pk"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization", "name"), name="people_organizationalias_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=128, verbose_name="别称")),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="people.person",
                        verbose_name="人物",
                    ),
                ),
            ],
            options={
                "verbose_name": "别称",
                "verbose_name_plural": "别称",
                "ordering": ["pk"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "name"), name="people_personalias_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_aliases, copy_back),
        migrations.RemoveField("organization", "aliases_json"),
        migrations.RemoveField("person", "aliases_json"),
    ]
