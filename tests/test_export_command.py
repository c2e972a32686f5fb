"""export_stories: the whole archive as JSON or CSV, one shape, bounded queries."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from stories import exporting
from stories.models import Story
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


def export(*args):
    out = io.StringIO()
    call_command("export_stories", *args, stdout=out)
    return out.getvalue()


def exported(*args):
    return json.loads(export(*args))["stories"]


def make_full_story(**fields):
    """A story with one active link of every kind and a rejected one of every kind."""
    story = make_story(
        source=make_source(filename="2020-02-12_丰台报_03.txt"),
        position=2,
        title="守住社区大门",
        subtitle="记聚福苑社区党委书记钱秀英",
        body="正文。",
        byline=[{"name": "王小明", "role": "记者"}, {"name": "李红", "role": "通讯员"}],
        date_start=datetime.date(2020, 2, 1),
        date_end=datetime.date(2020, 2, 10),
        dates=["2020-02-01", "2020-02"],
        status=Story.Status.PUBLISHED,
        **fields,
    )
    community = make_community(name="聚福苑社区")
    make_appearance(
        story=story,
        person=make_person(name="钱秀英", is_name_public=False),
        title="社区党委书记",
        titles=["社区党委书记", "居委会主任"],
        role=make_role(name="社区书记"),
        community=community,
        organization=make_organization(name="聚福苑社区党委"),
        age=52,
    )
    make_story_district(story=story, district=make_district(name="丰台区"))
    make_story_street(story=story, street=make_street(name="花乡街道"))
    make_story_community(story=story, community=community)
    make_story_organization(story=story, organization=make_organization(name="丰台区卫健委"))
    make_appearance(story=story, person=make_person(name="否决人"), is_rejected=True)
    make_story_district(story=story, district=make_district(name="否决区"), is_rejected=True)
    make_story_street(story=story, street=make_street(name="否决街道"), is_rejected=True)
    make_story_community(story=story, community=make_community(name="否决社区"), is_rejected=True)
    make_story_organization(
        story=story, organization=make_organization(name="否决机构"), is_rejected=True
    )
    return story


def test_json_export_has_the_documented_shape():
    story = make_full_story()
    assert exported() == [
        {
            "id": story.pk,
            "source": "2020-02-12_丰台报_03.txt",
            "position": 2,
            "title": "守住社区大门",
            "subtitle": "记聚福苑社区党委书记钱秀英",
            "byline": [{"name": "王小明", "role": "记者"}, {"name": "李红", "role": "通讯员"}],
            "body": "正文。",
            "date_start": "2020-02-01",
            "date_end": "2020-02-10",
            "dates": ["2020-02-01", "2020-02"],
            "districts": ["丰台区"],
            "streets": ["花乡街道"],
            "communities": ["聚福苑社区"],
            "organizations": ["丰台区卫健委"],
            "people": [
                {
                    "name": "钱秀英",
                    "roles": ["社区党委书记", "居委会主任"],
                    "role_category": "社区书记",
                    "community": "聚福苑社区",
                    "organization": "聚福苑社区党委",
                    "age": 52,
                }
            ],
            "status": "published",
        }
    ]


def test_json_export_has_nulls_and_empty_lists_for_what_a_story_lacks():
    story = make_story(title="空", body="")
    make_appearance(story=story, person=make_person(name="赵一"))
    (record,) = exported()
    assert (record["date_start"], record["districts"], record["people"]) == (
        None,
        [],
        [
            {
                "name": "赵一",
                "roles": [],
                "role_category": None,
                "community": None,
                "organization": None,
                "age": None,
            }
        ],
    )


def test_export_writes_every_status_unmasked():
    make_full_story()
    make_story(status=Story.Status.DRAFT)
    make_story(status=Story.Status.REVIEW)
    records = exported()
    assert sorted(record["status"] for record in records) == ["draft", "published", "review"]
    assert "钱秀英" in [person["name"] for record in records for person in record["people"]]


def test_published_option_exports_only_published_stories():
    published = make_story(status=Story.Status.PUBLISHED)
    make_story(status=Story.Status.DRAFT)
    make_story(status=Story.Status.REVIEW)
    assert [record["id"] for record in exported("--published")] == [published.pk]


def test_rejected_links_are_not_exported():
    make_full_story()
    text = export()
    assert "否决" not in text


def test_empty_archive_is_valid_json():
    assert json.loads(export()) == {"stories": []}


def test_csv_has_a_header_and_one_row_per_story():
    make_full_story()
    make_story()
    rows = list(csv.reader(io.StringIO(export("--format", "csv"))))
    assert rows[0] == exporting.FIELDS
    assert len(rows) == 3


def test_csv_joins_lists_with_the_chinese_semicolon():
    story = make_full_story()
    (row,) = csv.DictReader(io.StringIO(export("--format", "csv")))
    assert row == {
        "id": str(story.pk),
        "source": "2020-02-12_丰台报_03.txt",
        "position": "2",
        "title": "守住社区大门",
        "subtitle": "记聚福苑社区党委书记钱秀英",
        "byline": "王小明（记者）；李红（通讯员）",
        "body": "正文。",
        "date_start": "2020-02-01",
        "date_end": "2020-02-10",
        "dates": "2020-02-01；2020-02",
        "districts": "丰台区",
        "streets": "花乡街道",
        "communities": "聚福苑社区",
        "organizations": "丰台区卫健委",
        "people": "钱秀英（社区党委书记、居委会主任）",
        "status": "published",
    }


def test_output_file_is_utf8_and_the_command_reports_it(tmp_path):
    make_full_story()
    path = tmp_path / "stories.json"
    message = export("--output", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["stories"][0]["title"] == "守住社区大门"
    assert message == f"已导出 1 篇报道到 {path}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]


def test_output_in_a_missing_folder_is_a_command_error(tmp_path):
    path = tmp_path / "missing" / "stories.json"
    with pytest.raises(CommandError, match="无法写入"):
        export("--output", str(path))
    assert not (tmp_path / "missing").exists()


def test_output_that_is_a_folder_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="是目录"):
        export("--output", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_previous_file(tmp_path, monkeypatch):
    make_story()
    path = tmp_path / "stories.json"
    path.write_text("上一次的导出", encoding="utf-8")

    def broken_story_dict(story):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "story_dict", broken_story_dict)
    with pytest.raises(CommandError, match="无法写入"):
        export("--output", str(path))
    assert path.read_text(encoding="utf-8") == "上一次的导出"
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]


def test_bad_format_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        export("--format", "xml")


def test_stories_in_several_chunks_are_all_exported(monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK_SIZE", 2)
    stories = [make_story() for _ in range(5)]
    assert sorted(record["id"] for record in exported()) == [story.pk for story in stories]


@pytest.mark.parametrize("output_format", ["json", "csv"])
@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_stories(output_format, size, django_assert_num_queries):
    for _ in range(size):
        story = make_story()
        make_appearance(story=story, role=make_role(), community=make_community())
        make_story_district(story=story)
        make_story_street(story=story)
        make_story_community(story=story)
        make_story_organization(story=story)
    # Stories with their sources, then one query per kind of link, all in one chunk.
    with django_assert_num_queries(8):
        export("--format", output_format)
