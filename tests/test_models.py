"""The "Foundation" acceptance: database constraints, provenance bookkeeping, querysets.

Constraint tests write through the ORM without `full_clean()`, so only the database can
refuse the row; each refusal runs in its own `transaction.atomic()` so that the test's
transaction stays usable (PostgreSQL aborts a transaction after an error).
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

from archive.models import Origin
from people.models import Person
from places.models import Community
from stories.models import Appearance, Story, StoryDistrict
from tests import factories
from tests.factories import (
    make_appearance,
    make_community,
    make_district,
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

LINK_FACTORIES = [
    make_appearance,
    make_story_district,
    make_story_street,
    make_story_community,
    make_story_organization,
]

DETAIL_LINK_KINDS = ("district", "street", "community", "organization")


def refused(make, **fields):
    """True if the database refuses the row `make(**fields)` would save."""
    try:
        with transaction.atomic():
            make(**fields)
    except IntegrityError:
        return True
    return False


# Places


def test_district_code_is_unique():
    make_district(code="110106")
    assert refused(make_district, code="110106")


def test_districts_without_code_may_repeat_the_blank():
    make_district(code="")
    assert not refused(make_district, code="")


def test_district_name_is_unique_in_its_city_and_province():
    make_district(province="北京市", city="北京市", name="朝阳区")
    assert refused(make_district, province="北京市", city="北京市", name="朝阳区")


def test_same_district_name_in_another_city_is_allowed():
    make_district(province="北京市", city="北京市", name="朝阳区")
    assert not refused(make_district, province="吉林省", city="长春市", name="朝阳区")


def test_street_code_is_unique():
    make_street(code="110106018")
    assert refused(make_street, code="110106018")


def test_street_name_is_unique_in_its_district():
    district = make_district()
    make_street(district=district, name="花乡街道")
    assert refused(make_street, district=district, name="花乡街道")


def test_same_street_name_in_another_district_is_allowed():
    make_street(name="新华街道")
    assert not refused(make_street, name="新华街道")


def test_community_code_is_unique():
    make_community(code="110106018001")
    assert refused(make_community, code="110106018001")


def test_community_name_is_unique_in_its_street():
    street = make_street()
    make_community(street=street, name="聚福苑社区")
    assert refused(make_community, street=street, name="聚福苑社区")


def test_same_community_name_in_another_street_of_the_district_is_allowed():
    district = make_district()
    make_community(street=make_street(district=district), name="聚福苑社区")
    assert not refused(make_community, street=make_street(district=district), name="聚福苑社区")


def test_community_without_street_is_unique_in_its_district():
    district = make_district()
    make_community(district=district, name="黄土岗村")
    assert refused(make_community, district=district, name="黄土岗村")


def test_unplaced_community_name_is_unique():
    make_community(street=None, district=None, name="幸福社区")
    assert refused(make_community, street=None, district=None, name="幸福社区")


def test_unplaced_community_may_share_a_placed_communitys_name():
    make_community(name="幸福社区")
    assert not refused(make_community, street=None, district=None, name="幸福社区")


def test_community_with_a_street_takes_the_streets_district_on_save():
    street = make_street()
    community = make_community(street=street, district=make_district())
    community.refresh_from_db()
    assert community.district_id == street.district_id


def test_database_refuses_a_community_with_a_street_but_no_district():
    community = make_community()
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(district=None)


# People


def test_role_name_is_unique():
    make_role(name="社区书记")
    assert refused(make_role, name="社区书记")


def test_role_slug_is_unique():
    make_role(slug="community-secretary")
    assert refused(make_role, slug="community-secretary")


def test_organization_name_is_unique_in_its_district():
    district = make_district()
    make_organization(district=district, name="丰台区卫健委")
    assert refused(make_organization, district=district, name="丰台区卫健委")


def test_organization_name_without_district_is_unique():
    make_organization(name="顺丰速运")
    assert refused(make_organization, name="顺丰速运")


def test_person_name_is_unique_in_a_community():
    community = make_community()
    make_person(community=community, name="钱秀英")
    assert refused(make_person, community=community, name="钱秀英")


def test_same_person_name_in_another_community_is_allowed():
    make_person(community=make_community(), name="钱秀英")
    assert not refused(make_person, community=make_community(), name="钱秀英")


def test_person_without_community_is_unique_in_an_organization():
    organization = make_organization()
    make_person(organization=organization, name="李建国")
    assert refused(make_person, organization=organization, name="李建国")


def test_person_name_in_an_organization_may_repeat_with_different_communities():
    organization = make_organization()
    make_person(organization=organization, community=make_community(), name="李建国")
    assert not refused(
        make_person, organization=organization, community=make_community(), name="李建国"
    )


def test_merged_duplicate_in_a_community_is_allowed():
    community = make_community()
    survivor = make_person(community=community, name="钱秀英")
    assert not refused(make_person, community=community, name="钱秀英", merged_into=survivor)


def test_merged_duplicate_in_an_organization_is_allowed():
    organization = make_organization()
    survivor = make_person(organization=organization, name="李建国")
    assert not refused(make_person, organization=organization, name="李建国", merged_into=survivor)


def test_person_cannot_be_merged_into_itself():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(merged_into=person.pk)


# Stories


def test_source_filename_is_unique():
    make_source(filename="2020-02-01_丰台报_01.txt")
    assert refused(make_source, filename="2020-02-01_丰台报_01.txt")


def test_source_text_hash_is_unique():
    make_source(sha256="a" * 64)
    assert refused(make_source, sha256="a" * 64)


@pytest.mark.parametrize(
    ("year", "is_refused"), [(1948, True), (1949, False), (2100, False), (2101, True)]
)
def test_source_year_must_be_plausible(year, is_refused):
    assert refused(make_source, year=year) == is_refused


def test_story_position_is_unique_in_its_source():
    source = make_source()
    make_story(source=source, position=3)
    assert refused(make_story, source=source, position=3)


def test_same_position_in_another_source_is_allowed():
    make_story(position=3)
    assert not refused(make_story, position=3)


@pytest.mark.parametrize(
    ("date_start", "date_end", "is_refused"),
    [
        (datetime.date(2020, 2, 2), datetime.date(2020, 2, 1), True),
        (datetime.date(2020, 2, 1), datetime.date(2020, 2, 1), False),
        (datetime.date(2020, 2, 1), None, False),
        (None, datetime.date(2020, 2, 1), False),
    ],
)
def test_story_dates_must_be_ordered(date_start, date_end, is_refused):
    assert refused(make_story, date_start=date_start, date_end=date_end) == is_refused


@pytest.mark.parametrize(
    ("confidence", "is_refused"),
    [(-0.01, True), (0.0, False), (1.0, False), (1.01, True), (None, False)],
)
def test_story_confidence_must_be_between_0_and_1(confidence, is_refused):
    assert refused(make_story, confidence=confidence) == is_refused


@pytest.mark.parametrize(("age", "is_refused"), [(0, False), (120, False), (121, True)])
def test_appearance_age_must_be_at_most_120(age, is_refused):
    assert refused(make_appearance, age=age) == is_refused


@pytest.mark.parametrize(
    ("make", "target"),
    [
        (make_appearance, "person"),
        (make_story_district, "district"),
        (make_story_street, "street"),
        (make_story_community, "community"),
        (make_story_organization, "organization"),
    ],
)
def test_story_links_each_target_once(make, target):
    link = make()
    assert refused(make, story=link.story, **{target: getattr(link, target)})


# Provenance bookkeeping (archive.models.CuratedModel)


def test_importer_may_write_its_own_unverified_row():
    district = make_district(origin=Origin.IMPORTER)
    assert district.importer_may_write("name")


def test_importer_may_not_write_an_editors_row():
    district = make_district(origin=Origin.EDITOR)
    assert not district.importer_may_write("name")


def test_importer_may_not_write_a_verified_row():
    district = make_district(origin=Origin.IMPORTER, is_verified=True)
    assert not district.importer_may_write("name")


def test_importer_may_write_only_the_fields_no_editor_set():
    district = make_district(origin=Origin.IMPORTER, editor_fields=["name"])
    assert (district.importer_may_write("name"), district.importer_may_write("city")) == (
        False,
        True,
    )


@pytest.mark.parametrize(
    ("fields", "owned"),
    [
        ({"origin": Origin.IMPORTER}, True),
        ({"origin": Origin.IMPORTER, "is_verified": True}, False),
        ({"origin": Origin.IMPORTER, "editor_fields": ["name"]}, False),
        ({"origin": Origin.EDITOR}, False),
    ],
)
def test_row_is_importer_owned_only_while_no_editor_touched_it(fields, owned):
    assert make_street(**fields).is_importer_owned == owned


def test_mark_edited_records_new_fields_sorted_and_says_so():
    street = make_street(origin=Origin.IMPORTER, editor_fields=["name"])
    assert street.mark_edited(["kind", "code"])
    assert street.editor_fields == ["code", "kind", "name"]


def test_mark_edited_says_nothing_new_for_known_fields():
    street = make_street(origin=Origin.IMPORTER, editor_fields=["code", "name"])
    assert not street.mark_edited(["name"])
    assert street.editor_fields == ["code", "name"]


def test_mark_edited_makes_the_row_no_longer_importer_owned():
    street = make_street(origin=Origin.IMPORTER)
    street.mark_edited(["name"])
    assert not street.is_importer_owned


# Person.public_name


def test_public_name_is_the_full_name_when_public():
    assert make_person(name="钱秀英", is_name_public=True).public_name == "钱秀英"


def test_public_name_keeps_only_the_surname_of_a_private_resident():
    assert make_person(name="钱秀英", is_name_public=False).public_name == "钱某"


# Querysets


def test_published_returns_only_published_stories():
    published = make_story(status=Story.Status.PUBLISHED)
    make_story(status=Story.Status.DRAFT)
    make_story(status=Story.Status.REVIEW)
    assert list(Story.objects.published()) == [published]


@pytest.mark.parametrize("make", LINK_FACTORIES)
def test_active_links_leave_out_rejected_ones(make):
    kept = make()
    make(is_rejected=True)
    assert list(type(kept).objects.active()) == [kept]


def make_story_with_links(rejected_too=True):
    """A story with one active link of every kind, and a rejected one of every kind."""
    story = make_story()
    for make in LINK_FACTORIES:
        make(story=story)
        if rejected_too:
            make(story=story, is_rejected=True)
    return story


def test_for_list_carries_only_active_district_links_and_appearances():
    make_story_with_links()
    story = Story.objects.for_list().get()
    assert (len(story.active_district_links), len(story.active_appearances)) == (1, 1)


def test_for_detail_carries_only_active_links_of_every_kind():
    make_story_with_links()
    story = Story.objects.for_detail().get()
    counts = [
        len(story.active_appearances),
        *(len(getattr(story, f"active_{kind}_links")) for kind in DETAIL_LINK_KINDS),
    ]
    assert counts == [1, 1, 1, 1, 1]


def detail_targets(story):
    """Everything a story page reads through the links `for_detail()` prefetched."""
    targets = [
        target
        for appearance in story.active_appearances
        for target in (appearance.person, appearance.role, appearance.community)
    ]
    for kind in DETAIL_LINK_KINDS:
        targets += [getattr(link, kind) for link in getattr(story, f"active_{kind}_links")]
    return targets


@pytest.mark.parametrize("size", [3, 30])
def test_for_list_needs_three_queries_for_any_number_of_stories(size, django_assert_num_queries):
    for _ in range(size):
        make_story_with_links(rejected_too=False)
    # Stories with their sources, then district links and appearances, one query each.
    with django_assert_num_queries(3):
        names = [
            (link.district.name, appearance.person.public_name)
            for story in Story.objects.for_list()
            for link in story.active_district_links
            for appearance in story.active_appearances
        ]
    assert len(names) == size


@pytest.mark.parametrize("size", [3, 30])
def test_for_detail_needs_seven_queries_for_any_number_of_stories(size, django_assert_num_queries):
    for _ in range(size):
        make_story_with_links(rejected_too=False)
    # Stories with their sources, then one query for each of the five kinds of link, and
    # the bylines.
    with django_assert_num_queries(7):
        targets = [
            target for story in Story.objects.for_detail() for target in detail_targets(story)
        ]
    assert len(targets) == size * 7


# __str__ is called for every admin row and dropdown option: it must never query.


@pytest.mark.parametrize(
    "make",
    [
        getattr(factories, name)
        for name in dir(factories)
        if name.startswith("make_") and callable(getattr(factories, name))
    ],
)
def test_str_never_queries(make, django_assert_num_queries):
    row = make()
    fresh = type(row).objects.get(pk=row.pk)
    with django_assert_num_queries(0):
        text = str(fresh)
    assert text


def test_appearance_str_shows_the_title():
    appearance = make_appearance(title="社区党委书记")
    assert "社区党委书记" in str(Appearance.objects.get(pk=appearance.pk))


def test_story_district_str_names_both_ends_by_id():
    link = make_story_district()
    assert str(StoryDistrict.objects.get(pk=link.pk)) == f"{link.story_id}→{link.district_id}"
