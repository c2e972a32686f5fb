"""Bylines, text dates and aliases are rows (issue 7): editors edit them one per row in the
change form, a change marks the list as the editor's, a re-import keeps such a list whole
and replaces one the importer still owns, and undoing an import run puts its rows back."""

import pytest
from django.core.management import call_command

from people.models import Person, PersonAlias
from stories.journal import undo_run
from stories.loader import import_page
from stories.models import Byline, ImportRun, Story, StoryDate
from stories.pipeline.records import Byline as BylineRecord
from tests.factories import make_person, make_story
from tests.test_admin import admin_url, resubmit_data
from tests.test_loader import page, person, story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roles():
    call_command("loaddata", "fixtures/roles.json", verbosity=0)


def credits(story):
    return [(b.role, b.name) for b in story.bylines.all()]


def dates(story):
    return [d.value for d in story.text_dates.all()]


def form_data(admin_client, obj):
    response = admin_client.get(admin_url(type(obj), "change", obj.pk))
    assert response.status_code == 200
    return resubmit_data(response), response


def prefix_of(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline for {model.__name__}")


def add_rows(data, prefix, rows):
    """Add `rows` (dicts of field values) as new rows of the inline `prefix`."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))


def test_the_story_form_edits_bylines_and_dates_as_rows(admin_client):
    subject = make_story(byline=[{"role": "记者", "name": "王小明"}], dates=["2020-02-03"])
    data, response = form_data(admin_client, subject)
    bylines, text_dates = prefix_of(response, Byline), prefix_of(response, StoryDate)
    data[f"{bylines}-0-name"] = "王晓明"  # correct a name
    add_rows(data, bylines, [{"role": "通讯员", "name": "李红"}])
    data[f"{text_dates}-0-DELETE"] = "on"
    add_rows(data, text_dates, [{"value": "2020-02"}])

    response = admin_client.post(admin_url(Story, "change", subject.pk), data)

    assert response.status_code == 302
    subject.refresh_from_db()
    assert credits(subject) == [("记者", "王晓明"), ("通讯员", "李红")]
    assert dates(subject) == ["2020-02"]
    assert {"bylines", "text_dates"} <= set(subject.editor_fields)


def test_resubmitting_the_form_unchanged_marks_nothing(admin_client):
    subject = make_story(byline=[{"role": "记者", "name": "王小明"}], dates=["2020-02-03"])
    data, _ = form_data(admin_client, subject)
    admin_client.post(admin_url(Story, "change", subject.pk), data)
    subject.refresh_from_db()
    assert subject.editor_fields == []


@pytest.mark.parametrize(
    "value", ["2020-13", "2020/02/03", "去年8月", "2020-02-30", "202-02-03", "20200203"]
)
def test_a_malformed_text_date_is_refused_with_a_message(admin_client, value):
    subject = make_story()
    data, response = form_data(admin_client, subject)
    add_rows(data, prefix_of(response, StoryDate), [{"value": value}])
    response = admin_client.post(admin_url(Story, "change", subject.pk), data)
    assert response.status_code == 200
    assert "请写成“2020-02-03”或“2020-02”。" in response.content.decode()
    assert not StoryDate.objects.exists()


def test_the_person_form_edits_aliases_as_rows(admin_client):
    person = make_person(name="钱秀英", aliases=["钱姐"])
    data, response = form_data(admin_client, person)
    add_rows(data, prefix_of(response, PersonAlias), [{"name": "钱书记"}])
    response = admin_client.post(admin_url(Person, "change", person.pk), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert list(person.aliases.values_list("name", flat=True)) == ["钱姐", "钱书记"]
    assert "aliases" in person.editor_fields


def test_a_person_cannot_have_the_same_alias_twice(admin_client):
    person = make_person(name="钱秀英", aliases=["钱姐"])
    data, response = form_data(admin_client, person)
    add_rows(data, prefix_of(response, PersonAlias), [{"name": "钱姐"}])
    response = admin_client.post(admin_url(Person, "change", person.pk), data)
    assert response.status_code == 200
    assert person.aliases.count() == 1


# --- the importer ---------------------------------------------------------------------------

WITH_BYLINE = {"byline": (BylineRecord("王小明", "记者"),), "dates": ("2020-02-03",)}
OTHER_BYLINE = {"byline": (BylineRecord("赵六", "通讯员"),), "dates": ("2020-03-01",)}


def test_the_importer_writes_bylines_and_dates_as_rows():
    import_page(page(story(**WITH_BYLINE)))
    imported = Story.objects.get()
    assert (credits(imported), dates(imported)) == ([("记者", "王小明")], ["2020-02-03"])


def test_a_changed_page_replaces_the_importers_lists():
    import_page(page(story(**WITH_BYLINE)))
    import_page(page(story(**OTHER_BYLINE), sha="b" * 64))
    imported = Story.objects.get()
    assert (credits(imported), dates(imported)) == ([("通讯员", "赵六")], ["2020-03-01"])


def test_a_changed_page_keeps_lists_an_editor_changed():
    import_page(page(story(**WITH_BYLINE)))
    imported = Story.objects.get()
    imported.bylines.update(name="王晓明")
    imported.mark_edited(["bylines"])
    imported.save()

    import_page(page(story(**OTHER_BYLINE), sha="b" * 64))

    assert credits(imported) == [("记者", "王晓明")]
    assert dates(imported) == ["2020-03-01"]  # the dates were still the importer's


def test_undoing_a_run_restores_the_lists_it_replaced():
    import_page(page(story(**WITH_BYLINE)))
    run = ImportRun.objects.create()
    import_page(page(story(**OTHER_BYLINE), sha="b" * 64), run=run)

    undo_run(run)

    imported = Story.objects.get()
    assert (credits(imported), dates(imported)) == ([("记者", "王小明")], ["2020-02-03"])


def test_an_imported_persons_aliases_are_rows():
    import_page(page(story(people=(person(name="钱秀英", aliases=("钱姐", "钱书记")),))))
    imported = Person.objects.get(name="钱秀英")
    assert list(imported.aliases.values_list("name", flat=True)) == ["钱姐", "钱书记"]
