"""A story's bylines and the dates its text names become rows (issue 7).

The JSON lists are renamed out of the way, copied into rows in their order, then removed.
An editor's mark on the old fields ("byline", "dates") moves to the new relations'
names ("bylines", "text_dates"), so a re-import still keeps what editors set."""

import django.db.models.deletion
from django.db import migrations, models

import stories.models
from stories import search


def restore_search_triggers(apps, schema_editor):
    # SQLite drops the table's triggers whenever it rebuilds the table: dropping a column
    # may (older SQLite), re-adding the JSON columns when migrating back does.
    search.restore_triggers(schema_editor)


MARKS = {"byline": "bylines", "dates": "text_dates"}


def copy_rows(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    Byline, StoryDate = apps.get_model("stories", "Byline"), apps.get_model("stories", "StoryDate")
    bylines, dates, marked = [], [], []
    rows = Story.objects.values_list("pk", "byline_json", "dates_json", "editor_fields")
    for pk, credits, values, marks in rows.iterator(chunk_size=1000):
        for credit in credits or ():
            if isinstance(credit, dict) and str(credit.get("name", "")).strip():
                name, role = str(credit["name"]).strip(), str(credit.get("role", "")).strip()
                bylines.append(Byline(story_id=pk, name=name[:128], role=role[:16]))
        dates += [StoryDate(story_id=pk, value=str(v)[:10]) for v in dict.fromkeys(values or ())]
        if set(marks or ()) & MARKS.keys():
            marked.append((pk, sorted({MARKS.get(mark, mark) for mark in marks})))
    Byline.objects.bulk_create(bylines, batch_size=1000)
    StoryDate.objects.bulk_create(dates, batch_size=1000)
    for pk, marks in marked:
        Story.objects.filter(pk=pk).update(editor_fields=marks)


def copy_back(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    for story in Story.objects.prefetch_related("bylines", "text_dates"):
        back = {new: old for old, new in MARKS.items()}
        story.byline_json = [{"name": b.name, "role": b.role} for b in story.bylines.all()]
        story.dates_json = [d.value for d in story.text_dates.all()]
        story.editor_fields = sorted({back.get(mark, mark) for mark in story.editor_fields})
        story.save(update_fields=["byline_json", "dates_json", "editor_fields"])


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_appearance_mention"),
    ]

    operations = [
        # Undone last when migrating back, after the re-added columns rebuilt the table.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.RenameField("story", "byline", "byline_json"),
        migrations.RenameField("story", "dates", "dates_json"),
        migrations.CreateModel(
            name="Byline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        help_text="如“记者”“通讯员”“摄影”。",
                        max_length=16,
                        verbose_name="身份",
                    ),
                ),
                ("name", models.CharField(max_length=128, verbose_name="署名")),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="stories.story",
                        verbose_name="报道",
                    ),
                ),
            ],
            options={
                "verbose_name": "署名",
                "verbose_name_plural": "署名",
                "ordering": ["story", "pk"],
            },
        ),
        migrations.CreateModel(
            name="StoryDate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "value",
                    models.CharField(
                        help_text="年-月-日，或只到月：2020-02。",
                        max_length=10,
                        validators=[stories.models.validate_text_date],
                        verbose_name="日期",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="text_dates",
                        to="stories.story",
                        verbose_name="报道",
                    ),
                ),
            ],
            options={
                "verbose_name": "文中日期",
                "verbose_name_plural": "文中日期",
                "ordering": ["story", "pk"],
            },
        ),
        migrations.RunPython(copy_rows, copy_back),
        migrations.RemoveField("story", "byline_json"),
        migrations.RemoveField("story", "dates_json"),
        migrations.RunPython(restore_search_triggers, restore_search_triggers),
    ]
