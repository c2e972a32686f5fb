"""The full-text index of stories (stories.search): an FTS5 table on SQLite, a table of
tsvectors with GIN indexes on PostgreSQL. Existing stories are indexed by
`python manage.py rebuild_search_index`; the importer and saves keep it current."""

from django.db import migrations

from stories import search


def create_index(apps, schema_editor):
    search.create_index(schema_editor)


def drop_index(apps, schema_editor):
    search.drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
