"""The archive as JSON or CSV, streamed in chunks.

`story_dict` builds the one shape every consumer shares (`export_stories`, and the public API
and CSV of `stories.views`). It includes every status it is given: choosing the stories is
the caller's decision. With `public=True` it gives what the public site shows: private
residents' names masked in the text (even where an editor rejected their appearance) and in
the people. Only active links are exported; an editor's rejected link is not part of the
record.
"""

import csv
import json

from .models import Story

CHUNK_SIZE = 500
CSV_SEPARATOR = "；"
FIELDS = [
    "id",
    "source",
    "position",
    "title",
    "subtitle",
    "byline",
    "body",
    "date_start",
    "date_end",
    "dates",
    "districts",
    "streets",
    "communities",
    "organizations",
    "people",
    "status",
]
PLACE_LINKS = {
    "districts": "district",
    "streets": "street",
    "communities": "community",
    "organizations": "organization",
}


def stories_for_export(published_only=False):
    """Every story (or the published ones) with its active links, in source order; the
    sources' page text stays behind."""
    stories = Story.objects.published() if published_only else Story.objects.all()
    return stories.for_export()


def story_dict(story, public=False):
    """One story in the export shape. `story` must come from `Story.objects.for_detail()`."""
    text = story.public_text if public else {"title": story.title, "subtitle": story.subtitle}
    record = {
        "id": story.pk,
        "source": story.source.filename,
        "position": story.position,
        "title": text["title"],
        "subtitle": text["subtitle"],
        "byline": [{"name": c.name, "role": c.role} for c in story.bylines.all()],
        "body": story.public_text["body"] if public else story.body,
        "date_start": story.date_start and story.date_start.isoformat(),
        "date_end": story.date_end and story.date_end.isoformat(),
        "dates": [d.value for d in story.text_dates.all()],
    }
    for key, target in PLACE_LINKS.items():
        links = getattr(story, f"active_{target}_links")
        record[key] = [getattr(link, target).name for link in links]
    record["people"] = [person_dict(a, public) for a in story.active_appearances]
    record["status"] = story.status
    return record


def person_dict(appearance, public=False):
    """A person as one story shows them: `roles` are the story's verbatim titles, main
    title first; `role_category` is the Role they map to."""
    person = appearance.person
    return {
        "name": person.public_name if public else person.name,
        "roles": [t for t in dict.fromkeys([appearance.title, *appearance.titles]) if t],
        "role_category": appearance.role and appearance.role.name,
        "community": appearance.community and appearance.community.name,
        "organization": appearance.organization and appearance.organization.name,
        "age": appearance.age,
    }


def write_json(stories, out):
    """`{"stories": [...]}` with one story a line, so that the file streams and greps.
    Returns the number of stories written."""
    out.write('{"stories": [\n')
    count = 0
    for story in stories.iterator(chunk_size=CHUNK_SIZE):
        out.write(",\n" if count else "")
        out.write(json.dumps(story_dict(story), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


class _Echo:
    """A file whose write() returns what it is given, so a csv writer yields its lines."""

    def write(self, value):
        return value


def csv_lines(stories, public=False):
    """The header, then one line per story; list fields joined by "；", people and
    credits as "name（role）". A generator, so a response can stream it."""
    writer = csv.DictWriter(_Echo(), fieldnames=FIELDS)
    yield writer.writeheader()
    for story in stories.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(csv_row(story_dict(story, public)))


def write_csv(stories, out):
    """`csv_lines` into a file. Returns the number of stories written."""
    lines = csv_lines(stories)
    out.write(next(lines))  # the header
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


def csv_row(record):
    row = {**record, "date_start": record["date_start"] or "", "date_end": record["date_end"] or ""}
    row["byline"] = CSV_SEPARATOR.join(labelled(c["name"], [c["role"]]) for c in record["byline"])
    row["people"] = CSV_SEPARATOR.join(labelled(p["name"], p["roles"]) for p in record["people"])
    for key in ("dates", *PLACE_LINKS):
        row[key] = CSV_SEPARATOR.join(record[key])
    return row


def labelled(name, roles):
    roles = "、".join(role for role in roles if role)
    return f"{name}（{roles}）" if roles else name


WRITERS = {"json": write_json, "csv": write_csv}
