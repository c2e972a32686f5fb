"""The editors' admin: every page within a query budget that does not grow with the rows,
alias search, and the provenance marks that saving and deleting leave behind.

Budgets are exact and the same at 3 and 30 rows. Every page starts with two queries for
the session and the user; the ContentType cache is emptied first, so pages that look up a
content type pay for it every time.
"""

import io

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from archive.models import Origin
from people.models import Organization, Person, Role
from places.models import Community, District, Street
from stories.loader import import_page
from stories.models import Appearance, Byline, ImportRun, Source, Story, StoryDate, StoryDistrict
from stories.pipeline import PageMeta, parse_page
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
    make_import_change,
    make_import_run,
    make_organization,
    make_person,
    make_role,
    make_source,
    make_story,
    make_story_community,
    make_story_district,
    make_story_organization,
    make_story_street,
    make_street,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
OUR_APPS = {"places", "people", "stories"}


@pytest.fixture(autouse=True)
def _cold_content_type_cache():
    ContentType.objects.clear_cache()


# Rows with every optional relation filled, so that a column or widget that reads one
# without select_related shows up as a query per row.


def make_full_organization():
    return make_organization(district=make_district())


def make_full_person():
    return make_person(community=make_community(), organization=make_full_organization())


def make_full_source():
    return make_source(home_district=make_district())


def make_full_story():
    return make_story(source=make_full_source())


def make_full_appearance(**fields):
    return make_appearance(
        role=make_role(),
        community=make_community(),
        organization=make_organization(),
        **fields,
    )


def make_full_import_run():
    return make_import_change().run


ROW_FACTORIES = {
    District: make_district,
    Street: make_street,
    Community: make_community,
    Role: make_role,
    Organization: make_full_organization,
    Person: make_full_person,
    Source: make_full_source,
    Story: make_full_story,
    Appearance: make_full_appearance,
    ImportRun: make_full_import_run,
}


def story_with_links(size):
    """A story with `size` rows in each of its seven inlines."""
    story = make_full_story()
    for i in range(size):
        make_full_appearance(story=story)
        make_story_district(story=story)
        make_story_street(story=story)
        make_story_community(story=story)
        make_story_organization(story=story)
        Byline.objects.create(story=story, role="通讯员", name=f"通讯员{i}")
        StoryDate.objects.create(story=story, value=f"2020-{i % 12 + 1:02d}")
    return story


def with_aliases(model):
    """The last of `size` records, with `size` aliases (the change form's inline rows)."""

    def make(size):
        record = last_of_many(model)(size)
        record.aliases.model.objects.bulk_create(
            record.aliases.model(**{model._meta.model_name: record}, name=f"别称{i}")
            for i in range(size)
        )
        return record

    return make


def import_run_with_changes(size):
    run = make_import_run()
    for _ in range(size):
        make_import_change(run=run)
    return run


def last_of_many(model):
    def make(size):
        return [ROW_FACTORIES[model]() for _ in range(size)][-1]

    return make


CHANGE_FORM_SUBJECTS = {
    **{model: last_of_many(model) for model in ROW_FACTORIES},
    Story: story_with_links,
    Person: with_aliases(Person),
    Organization: with_aliases(Organization),
    ImportRun: import_run_with_changes,
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_page_of_ours_is_covered():
    registered = {model for model in admin.site._registry if model._meta.app_label in OUR_APPS}
    assert registered == set(ROW_FACTORIES)


def make_rows(model, size):
    return [ROW_FACTORIES[model]() for _ in range(size)]


# Query budgets. Changelists: session, user, the filtered count, the total count, the page
# of rows with their list_select_related joins; District adds its province filter's values,
# Appearance its role filter's choices. The admins with history (VersionAdmin: places,
# people, Source, Story) add a savepoint and its release, reversion's revision around the
# changelist. Story adds its four filters' choices (district, role, page, month) and its
# rows' active district links.
CHANGELIST_QUERIES = {
    District: 8,
    Street: 7,
    Community: 7,
    Role: 5,
    Organization: 7,
    Person: 7,
    Source: 7,
    Story: 12,
    Appearance: 6,
    ImportRun: 5,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("model", list(CHANGELIST_QUERIES), ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_rows(
    model, size, admin_client, django_assert_num_queries
):
    make_rows(model, size)
    with django_assert_num_queries(CHANGELIST_QUERIES[model]):
        response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


# Change forms: session, user, the object, its content type (for the history link), then
# one query per autocomplete widget of the main form and one per inline with all its rows
# (the inline widgets show what their rows already loaded). The admins with history
# (places, people, Source, Story) add a savepoint and its release, reversion's revision around the
# form. Story adds, for its marked-up text and review reasons, its active links of each of
# the five kinds with their targets.
CHANGE_FORM_QUERIES = {
    District: 6,
    Street: 7,
    Community: 8,
    Role: 4,
    Organization: 8,  # and its aliases
    Person: 9,  # and its aliases
    Source: 7,
    Story: 19,  # and its bylines and text dates
    Appearance: 9,
    ImportRun: 5,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("model", list(CHANGE_FORM_QUERIES), ids=lambda model: model.__name__)
def test_change_form_query_count_does_not_grow_with_rows(
    model, size, admin_client, django_assert_num_queries
):
    subject = CHANGE_FORM_SUBJECTS[model](size)
    with django_assert_num_queries(CHANGE_FORM_QUERIES[model]):
        response = admin_client.get(admin_url(model, "change", subject.pk))
    assert response.status_code == 200


def test_story_change_form_shows_every_inline_row(admin_client):
    story = story_with_links(30)
    response = admin_client.get(admin_url(Story, "change", story.pk))
    rows = [len(inline.formset.forms) for inline in response.context["inline_admin_formsets"]]
    assert rows == [30] * 7


def test_inline_autocomplete_shows_the_rows_person(admin_client):
    appearance = make_full_appearance(person=make_person(name="钱秀英"))
    response = admin_client.get(admin_url(Story, "change", appearance.story_id))
    assert f'<option value="{appearance.person_id}" selected>钱秀英</option>' in (
        response.content.decode()
    )


# The delete_selected action's confirmation page: session, user, the count and total count
# of the changelist behind it, the selected rows (twice: Django's action and its
# confirmation), then one query per relation that would cascade or protect. The admins with
# history (places, people, Source, Story) add a savepoint and its release (the changelist's
# revision). Story adds its filters' choices (twice: page and action) and the selected
# rows' district links (twice).
DELETE_CONFIRMATION_QUERIES = {
    District: 13,
    Street: 10,
    Community: 12,  # and the records merged into it
    Role: 7,
    Organization: 13,  # and the records merged into it, and its aliases
    Person: 11,  # and its aliases
    Source: 9,
    Story: 25,  # and its bylines and text dates
    Appearance: 8,
    ImportRun: 7,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "model", list(DELETE_CONFIRMATION_QUERIES), ids=lambda model: model.__name__
)
def test_delete_action_confirmation_query_count_does_not_grow_with_rows(
    model, size, admin_client, django_assert_num_queries
):
    rows = make_rows(model, size)
    data = {"action": "delete_selected", "_selected_action": [row.pk for row in rows]}
    with django_assert_num_queries(DELETE_CONFIRMATION_QUERIES[model]):
        response = admin_client.post(admin_url(model, "changelist"), data)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/delete_selected_confirmation.html"


# Search: aliases and former names are JSON lists, which SQLite stores ASCII-escaped.


def changelist_results(admin_client, model, query):
    response = admin_client.get(admin_url(model, "changelist"), {"q": query})
    return list(response.context["cl"].result_list)


def test_person_search_finds_an_alias(admin_client):
    person = make_person(name="钱秀英", aliases=["钱姐", "钱书记"])
    make_person(name="李建国")
    assert changelist_results(admin_client, Person, "钱姐") == [person]


def test_district_search_finds_a_former_name(admin_client):
    district = make_district(name="丰台区", former_names=["丰台镇"])
    make_district()
    assert changelist_results(admin_client, District, "丰台镇") == [district]


def test_role_search_finds_a_verbatim_title(admin_client):
    role = make_role(name="社区书记", titles=["社区党委书记"])
    make_role(name="志愿者", titles=["志愿者"])
    assert changelist_results(admin_client, Role, "党委书记") == [role]


def test_search_needs_every_word(admin_client):
    person = make_person(name="钱秀英", aliases=["钱姐"], community=make_community(name="花园社区"))
    make_person(name="钱秀兰", aliases=["钱姐"])
    assert changelist_results(admin_client, Person, "钱姐 花园") == [person]


def test_person_autocomplete_finds_an_alias(admin_client):
    person = make_person(name="钱秀英", aliases=["钱姐"])
    make_person(name="李建国")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "stories",
            "model_name": "appearance",
            "field_name": "person",
            "term": "钱姐",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(person.pk)]


# Saving: whatever an editor changes becomes theirs.


def resubmit_data(response):
    """POST data that submits the admin form in `response` unchanged, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            keys = [form.add_prefix(name)]
            if field.show_hidden_initial:  # fields with a callable default, e.g. default=list
                keys.append(form.add_initial_prefix(name))
            value = form[name].value()
            if value is True:
                value = "on"
            if value is not None and value is not False:
                data.update(dict.fromkeys(keys, value))
    return data


def submit_change_form(admin_client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = {**resubmit_data(admin_client.get(url)), **changes}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def inline_key(admin_client, link, field):
    """The POST key of `field` in the Story change form row that shows `link`."""
    response = admin_client.get(admin_url(Story, "change", link.story_id))
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if type(form.instance) is type(link) and form.instance.pk == link.pk:
                return form.add_prefix(field)
    raise AssertionError(f"{link!r} is not in the change form")


def test_unchanged_submit_marks_nothing(admin_client):
    district = make_district(origin=Origin.IMPORTER)
    submit_change_form(admin_client, district)
    district.refresh_from_db()
    assert district.editor_fields == []


def test_saving_marks_the_changed_fields_as_editor_made(admin_client):
    district = make_district(origin=Origin.IMPORTER, name="丰台")
    submit_change_form(admin_client, district, name="丰台区", kind=District.Kind.COUNTY)
    district.refresh_from_db()
    assert (district.name, district.editor_fields) == ("丰台区", ["kind", "name"])


def test_verifying_is_not_recorded_as_an_edited_field(admin_client):
    street = make_street(origin=Origin.IMPORTER)
    submit_change_form(admin_client, street, is_verified="on")
    street.refresh_from_db()
    assert (street.is_verified, street.editor_fields) == (True, [])


def test_saving_a_story_marks_its_changed_fields(admin_client):
    story = story_with_links(3)
    story.origin = Origin.IMPORTER
    story.save()
    submit_change_form(admin_client, story, title="修改后的标题")
    story.refresh_from_db()
    assert story.editor_fields == ["title"]


def test_changing_a_link_in_the_inline_marks_the_changed_field(admin_client):
    link = make_story_district(origin=Origin.IMPORTER, is_inferred=True)
    # An unchecked box is simply absent from the POST.
    key = inline_key(admin_client, link, "is_inferred")
    url = admin_url(Story, "change", link.story_id)
    data = resubmit_data(admin_client.get(url))
    del data[key]
    assert admin_client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert (link.is_inferred, link.editor_fields) == (False, ["is_inferred"])


LINK_FACTORIES = {
    "appearance": make_full_appearance,
    "district": make_story_district,
    "street": make_story_street,
    "community": make_story_community,
    "organization": make_story_organization,
}


@pytest.mark.parametrize("kind", LINK_FACTORIES)
def test_deleting_an_importers_link_rejects_it_instead(kind, admin_client):
    link = LINK_FACTORIES[kind](origin=Origin.IMPORTER)
    submit_change_form(admin_client, link.story, **{inline_key(admin_client, link, "DELETE"): "on"})
    link.refresh_from_db()
    assert (link.is_rejected, link.editor_fields) == (True, ["is_rejected"])


@pytest.mark.parametrize("kind", LINK_FACTORIES)
def test_deleting_an_editors_link_deletes_it(kind, admin_client):
    link = LINK_FACTORIES[kind](origin=Origin.EDITOR)
    submit_change_form(admin_client, link.story, **{inline_key(admin_client, link, "DELETE"): "on"})
    assert not type(link).objects.filter(pk=link.pk).exists()


def test_rejected_link_stays_in_the_story_form(admin_client):
    link = make_story_district(origin=Origin.IMPORTER)
    submit_change_form(admin_client, link.story, **{inline_key(admin_client, link, "DELETE"): "on"})
    assert list(StoryDistrict.objects.filter(story=link.story)) == [link]


@pytest.fixture
def imported_run():
    """A real import run: one page with a story, a person and places, journaled."""
    call_command("load_roles", stdout=io.StringIO())
    run = ImportRun.objects.create()
    text = "守好社区大门\n\n本报讯 南苑街道西宏苑社区党委书记钱秀英带领志愿者值守卡口。"
    import_page(
        parse_page(text, filename="p.txt", meta=PageMeta(year=2020, city="北京市")), run=run
    )
    return run


def test_undo_action_removes_what_the_run_imported(admin_client, imported_run):
    changelist = reverse("admin:stories_importrun_changelist")

    response = admin_client.post(
        changelist,
        {"action": "undo_import_runs", "_selected_action": [imported_run.pk]},
        follow=True,
    )

    imported_run.refresh_from_db()
    assert imported_run.status == ImportRun.Status.UNDONE
    assert (Source.objects.count(), Story.objects.count()) == (0, 0)
    assert "已撤销 1 次导入" in response.content.decode()


def test_undo_action_keeps_a_story_an_editor_edited(admin_client, imported_run):
    story = Story.objects.get()
    story.title = "编辑改过的标题"
    story.mark_edited(["title"])
    story.save()

    admin_client.post(
        reverse("admin:stories_importrun_changelist"),
        {"action": "undo_import_runs", "_selected_action": [imported_run.pk]},
    )

    assert Story.objects.get().title == "编辑改过的标题"
