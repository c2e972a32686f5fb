"""Factory functions for tests.

Each one fills every required field with valid values that are unique across the test
session, saves the row, and lets the test override only what the test is about. Rows are
editor-made unless the test says `origin=Origin.IMPORTER` (the models' own default).
"""

import itertools

from django.contrib.contenttypes.models import ContentType

from people.models import Organization, OrganizationAlias, Person, PersonAlias, Role
from places.models import Community, District, Street
from stories.models import (
    Appearance,
    Byline,
    ImportChange,
    ImportRun,
    Source,
    Story,
    StoryCommunity,
    StoryDate,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)

_counter = itertools.count(1)


def _set_default(fields, name, make):
    """Like dict.setdefault, but builds the default (often a saved row) only when needed."""
    if name not in fields and f"{name}_id" not in fields:
        fields[name] = make()


def make_district(**fields):
    fields.setdefault("name", f"测试区{next(_counter)}")
    fields.setdefault("city", "北京市")
    fields.setdefault("province", "北京市")
    return District.objects.create(**fields)


def make_street(**fields):
    fields.setdefault("name", f"测试街道{next(_counter)}")
    _set_default(fields, "district", make_district)
    return Street.objects.create(**fields)


def make_community(**fields):
    """A community in a new street (and so a district) unless the test places it itself."""
    fields.setdefault("name", f"测试社区{next(_counter)}")
    if not {"street", "street_id", "district", "district_id"} & fields.keys():
        fields["street"] = make_street()
    return Community.objects.create(**fields)


def make_role(**fields):
    number = next(_counter)
    fields.setdefault("name", f"测试角色{number}")
    fields.setdefault("slug", f"test-role-{number}")
    return Role.objects.create(**fields)


def make_organization(aliases=(), **fields):
    fields.setdefault("name", f"测试机构{next(_counter)}")
    organization = Organization.objects.create(**fields)
    OrganizationAlias.objects.bulk_create(
        OrganizationAlias(organization=organization, name=name) for name in aliases
    )
    return organization


def make_person(aliases=(), **fields):
    fields.setdefault("name", f"张测{next(_counter)}")
    person = Person.objects.create(**fields)
    PersonAlias.objects.bulk_create(PersonAlias(person=person, name=name) for name in aliases)
    return person


def make_source(**fields):
    number = next(_counter)
    fields.setdefault("filename", f"page_{number:04d}.txt")
    fields.setdefault("sha256", f"{number:064x}")
    fields.setdefault("text", f"测试版面原文 {number}")
    return Source.objects.create(**fields)


def make_story(byline=(), dates=(), **fields):
    """A story; `byline` as [{"name": …, "role": …}] and `dates` as ISO strings become rows."""
    number = next(_counter)
    _set_default(fields, "source", make_source)
    fields.setdefault("position", number)
    fields.setdefault("title", f"测试报道{number}")
    fields.setdefault("body", f"测试报道正文{number}。")
    story = Story.objects.create(**fields)
    for credit in byline:
        Byline.objects.create(story=story, **credit)  # reindexes the story, as the admin does
    StoryDate.objects.bulk_create(StoryDate(story=story, value=value) for value in dates)
    return story


def make_appearance(**fields):
    _set_default(fields, "story", make_story)
    _set_default(fields, "person", make_person)
    return Appearance.objects.create(**fields)


def make_story_district(**fields):
    _set_default(fields, "story", make_story)
    _set_default(fields, "district", make_district)
    return StoryDistrict.objects.create(**fields)


def make_story_street(**fields):
    _set_default(fields, "story", make_story)
    _set_default(fields, "street", make_street)
    return StoryStreet.objects.create(**fields)


def make_story_community(**fields):
    _set_default(fields, "story", make_story)
    _set_default(fields, "community", make_community)
    return StoryCommunity.objects.create(**fields)


def make_story_organization(**fields):
    _set_default(fields, "story", make_story)
    _set_default(fields, "organization", make_organization)
    return StoryOrganization.objects.create(**fields)


def make_import_run(**fields):
    return ImportRun.objects.create(**fields)


def make_import_change(**fields):
    """A journal entry; by default it records the creation of a new district."""
    _set_default(fields, "run", make_import_run)
    if "content_type" not in fields and "object_id" not in fields:
        district = make_district()
        fields["content_type"] = ContentType.objects.get_for_model(district)
        fields["object_id"] = str(district.pk)
    fields.setdefault("action", ImportChange.Action.CREATED)
    fields.setdefault("label", f"测试变更{next(_counter)}")
    return ImportChange.objects.create(**fields)
