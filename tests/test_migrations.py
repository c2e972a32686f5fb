"""The migrations that turned JSON lists into rows (issue 7) carry existing data across,
and an editor's marks with it, on both databases."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stories import search
from stories.models import Story as CurrentStory

BEFORE = [("people", "0002_organization_merged_into"), ("stories", "0003_appearance_mention")]
AFTER = [("people", "0003_aliases_as_rows"), ("stories", "0004_bylines_and_dates_as_rows")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_lists_become_rows_and_editor_marks_follow():
    apps = migrate(BEFORE)
    Person = apps.get_model("people", "Person")
    Organization = apps.get_model("people", "Organization")
    Source, Story = apps.get_model("stories", "Source"), apps.get_model("stories", "Story")
    person = Person.objects.create(name="钱秀英", aliases=["钱姐", "", "钱姐", "钱书记"])
    bank = Organization.objects.create(name="工商银行丰台支行", aliases=["工行丰台支行"])
    source = Source.objects.create(filename="a.txt", sha256="a" * 64, text="原文")
    story = Story.objects.create(
        source=source,
        position=0,
        title="标题",
        body="正文",
        byline=[{"name": "王小明", "role": "记者"}, {"role": "摄影"}, {"name": "李红"}],
        dates=["2020-02-03", "2020-02"],
        editor_fields=["byline", "title"],
    )
    try:
        apps = migrate(AFTER)
        Person, Story = apps.get_model("people", "Person"), apps.get_model("stories", "Story")
        Organization = apps.get_model("people", "Organization")
        aliases = Person.objects.get(pk=person.pk).aliases.values_list("name", flat=True)
        assert list(aliases) == ["钱姐", "钱书记"]
        bank_aliases = Organization.objects.get(pk=bank.pk).aliases.values_list("name", flat=True)
        assert list(bank_aliases) == ["工行丰台支行"]
        migrated = Story.objects.get(pk=story.pk)
        assert [(b.role, b.name) for b in migrated.bylines.order_by("pk")] == [
            ("记者", "王小明"),
            ("", "李红"),
        ]
        assert [d.value for d in migrated.text_dates.order_by("pk")] == ["2020-02-03", "2020-02"]
        assert migrated.editor_fields == ["bylines", "title"]

        apps = migrate(BEFORE)  # and back
        Story = apps.get_model("stories", "Story")
        back = Story.objects.get(pk=story.pk)
        assert back.byline == [{"name": "王小明", "role": "记者"}, {"name": "李红", "role": ""}]
        assert (back.dates, back.editor_fields) == (["2020-02-03", "2020-02"], ["byline", "title"])
        person_back = apps.get_model("people", "Person").objects.get(pk=person.pk)
        assert person_back.aliases == ["钱姐", "钱书记"]
    finally:
        migrate(executor_leaf_nodes())
    assert deleting_a_story_forgets_its_index_row(story.pk)


def deleting_a_story_forgets_its_index_row(pk):
    """The database's own trigger removes a deleted story's search row (a migration that
    rebuilds the stories table on SQLite must put it back)."""
    search.index_stories(CurrentStory.objects.filter(pk=pk))
    with connection.cursor() as cursor:
        for table in ("stories_byline", "stories_storydate"):
            cursor.execute(f"DELETE FROM {table} WHERE story_id = %s", [pk])
        cursor.execute("DELETE FROM stories_story WHERE id = %s", [pk])  # no signals
        cursor.execute("SELECT COUNT(*) FROM stories_search")
        return cursor.fetchone()[0] == 0


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
