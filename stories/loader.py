"""Page records → rows, one page per transaction.

`import_page` matches on natural keys: a Source by file name (its sha256 says whether
the text changed), a Story by (source, position), a place by its division code, an
organisation by (name, district), a link by (story, target), and a Person by name plus
community or organisation. It writes only what the importer owns
(`CuratedModel.importer_may_write`): rows and links an editor made, verified or rejected
are never changed or removed, and an unchanged page is not touched at all. Every row it
creates, changes or deletes goes into the run's journal (stories.journal), from which a
whole run can be undone. A page that changed is also one django-reversion revision
("导入 <file name>", no user) holding its stories with their links as imported, so that
an editor's later changes to a story can be reverted back to the import (issue 7).

A page is written in a bounded number of queries: targets and links are read for the
whole page at once and new rows are inserted in bulk.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.db.models import Model

from archive.models import Origin
from people.models import Role

from .journal import Journal, is_untouched, snapshot, story_links
from .matching import PagePeople, PageTargets
from .models import (
    STORY_ROWS,
    Appearance,
    Byline,
    Source,
    Story,
    StoryCommunity,
    StoryDate,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)
from .pipeline.extract import REVIEW_BELOW
from .signals import indexing_deferred


@dataclass
class PageOutcome:
    """What importing one page did (or, in a dry run, would do)."""

    filename: str
    action: str = "unchanged"  # created / updated / unchanged / failed
    stories: int = 0
    people: int = 0
    places: int = 0
    counts: Counter = field(default_factory=Counter)  # "created:Story" → n, "kept:Appearance" → n
    warnings: list = field(default_factory=list)
    message: str = ""

    def as_dict(self):
        return {
            "filename": self.filename,
            "action": self.action,
            "stories": self.stories,
            "people": self.people,
            "places": self.places,
            "counts": dict(self.counts),
            "warnings": self.warnings,
            "message": self.message,
        }


def unchanged_page(filename, sha256):
    """A PageOutcome saying "unchanged" if this exact text is already imported under this
    name, else None: lets the command skip extraction for pages it has seen."""
    source = Source.objects.filter(filename=filename, sha256=sha256).first()
    if source is None:
        return None
    outcome = PageOutcome(filename, stories=source.stories.count())
    outcome.counts["unchanged:Source"] += 1
    return outcome


class _Rollback(Exception):
    """Raised inside a dry run's transaction so that nothing it did is kept."""


def import_page(record, *, run=None, publish=False, dry_run=False, force=False):
    """Write one PageRecord. Returns a PageOutcome; a dry run rolls everything back.

    `publish` gives new confident stories the status published instead of draft;
    `force` re-extracts an unchanged page (editor work is still never touched).
    """
    if not force:
        unchanged = unchanged_page(record.filename, record.sha256)
        if unchanged is not None:
            return unchanged
    outcome = PageOutcome(record.filename)
    try:
        with transaction.atomic():
            # The page's stories are indexed for search once, at the end of this transaction
            # (issue 6); what saves inside would reindex one by one is collected into it.
            with (
                indexing_deferred(Story.objects.filter(source__filename=record.filename)),
                reversion.create_revision(manage_manually=True, atomic=False),
            ):
                reversion.set_comment(f"导入 {record.filename}")
                _PageImport(record, Journal(run), publish, outcome).write()
                if outcome.action != "unchanged":
                    _remember_stories(record.filename)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return outcome


def _remember_stories(filename):
    """Add the page's stories to the revision as imported; each brings its links (the
    registration follows them), prefetched so that the cost does not grow with them."""
    stories = Story.objects.filter(source__filename=filename).prefetch_related(*STORY_ROWS)
    for story in stories:
        reversion.add_to_revision(story)


class _PageImport:
    def __init__(self, record, journal, publish, outcome):
        self.record, self.journal, self.publish, self.outcome = record, journal, publish, outcome
        # By slug, which the pipeline shares with the database: editors rename Role.name (issue 7).
        self.roles = {role.slug: role for role in Role.objects.all()}
        self.unknown_roles = set()
        self.new_stories = set()

    def write(self):
        record = self.record
        source = Source.objects.filter(filename=record.filename).first()
        twin = Source.objects.filter(sha256=record.sha256).exclude(pk=source and source.pk).first()
        if twin is not None:
            # The same text under another name (a copy, or a file renamed since): importing
            # it again would duplicate every story, and renaming could flip back and forth.
            self.outcome.stories = twin.stories.count()
            self.outcome.warnings.append(f"内容与已导入的 {twin.filename} 相同，未重复导入")
            return
        self.outcome.action = "updated" if source else "created"
        places = PageTargets(self, record)
        source = self._source(source, places)
        stories = self._stories(source)
        self._links(stories, places)
        self._remove_vanished_stories(source)
        self.journal.write()
        self.outcome.stories = len(record.stories)
        self.outcome.warnings += list(record.warnings)
        self.outcome.warnings += [
            f"没有标识为 {slug} 的角色类别，归入该类别的人物出现未设角色"
            for slug in sorted(self.unknown_roles)
        ]
        if not any(key.split(":")[0] in _CHANGES for key in self.outcome.counts):
            self.outcome.action = "unchanged"  # re-extracted (--force) to the same result

    # --- source and stories ----------------------------------------------------------------

    def _source(self, source, places):
        record, meta = self.record, self.record.meta
        values = {
            "filename": record.filename,
            "sha256": record.sha256,
            "encoding": record.encoding,
            "text": record.text,
            "publication": meta.publication,
            "issue_date": _date(meta.issue_date),
            "year": meta.year,
            "is_year_inferred": meta.is_year_inferred,
            "city": meta.city,
            "home_district": places.home_district(meta.home_district_code),
        }
        if source is None:
            return self.create(Source, **values)
        # The file name and hash say which page this is: they always follow the file.
        return self.update(source, values, always=("filename", "sha256"))

    def _stories(self, source):
        """{position: Story} for the page's stories, created or updated."""
        existing = {story.position: story for story in Story.objects.filter(source=source)}
        stories, new = {}, []
        for record in self.record.stories:
            values = _story_values(record)
            story = existing.get(record.position)
            if story is None:
                story = Story(source=source, position=record.position, status=self._status(record))
                for name, value in values.items():
                    setattr(story, name, value)
                new.append(story)
            else:
                self.update(story, values)
            stories[record.position] = story
        self.create_many(new)
        self._lists(stories)
        return stories

    def _lists(self, stories):
        """Each story's bylines and text dates, as rows: replaced as a whole while the
        importer owns the list, kept whole once an editor changed any of it."""
        records = {record.position: record for record in self.record.stories}
        for kind in _STORY_LISTS:
            rows = {}
            for row in kind.model.objects.filter(story__in=list(stories.values())):
                rows.setdefault(row.story_id, []).append(row)
            new = []
            for position, story in stories.items():
                have = rows.get(story.pk, [])
                want = kind.wanted(records[position])
                if [kind.item(row) for row in have] == want:
                    continue
                if not story.importer_may_write(kind.relation):
                    self.outcome.counts[f"kept:{kind.model.__name__}"] += len(have)
                    continue
                for row in have:
                    self.delete(row)
                new += [kind.row(story, item) for item in want]
            self.create_many(new)

    def _status(self, record):
        if record.confidence < REVIEW_BELOW:
            return Story.Status.REVIEW
        return Story.Status.PUBLISHED if self.publish else Story.Status.DRAFT

    def _remove_vanished_stories(self, source):
        """A changed page may have fewer stories: drop the importer's own, keep an editor's."""
        positions = [story.position for story in self.record.stories]
        for story in source.stories.exclude(position__in=positions):
            if not is_untouched(story):
                self.outcome.counts["kept:Story"] += 1
                self.outcome.warnings.append(
                    f"第 {story.position} 篇不在新版面中，但编辑改过，保留"
                )
                continue
            for link in story_links(story):
                self.delete(link)
            self.delete(story)

    # --- links -----------------------------------------------------------------------------

    def _links(self, stories, places):
        people = PagePeople(self, stories, places)
        wanted = {model: {} for model in _LINK_TARGETS}
        for record in self.record.stories:
            story = stories[record.position]
            for mention in record.districts:
                district = places.districts.get(mention.code)
                if district is not None:
                    wanted[StoryDistrict][story.pk, district.pk] = _place_link(mention)
            for mention in record.streets:
                street = places.streets.get(mention.code)
                if street is not None:
                    wanted[StoryStreet][story.pk, street.pk] = _place_link(mention)
            for mention in record.communities:
                community = places.community(mention)
                wanted[StoryCommunity][story.pk, community.pk] = {"confidence": mention.confidence}
            for mention in record.organizations:
                organization = places.organization(mention)
                wanted[StoryOrganization][story.pk, organization.pk] = {
                    "confidence": mention.confidence
                }
            for mention in record.people:
                person = people.resolve(story, mention)
                wanted[Appearance][story.pk, person.pk] = self._appearance(mention, places)
            self.outcome.people += len(record.people)
            self.outcome.places += (
                len(record.districts) + len(record.streets) + len(record.communities)
            )
        for model, links in wanted.items():
            self._sync(model, list(stories.values()), links)

    def role(self, slug):
        """The Role the pipeline's category slug names, or None (noted for a warning)."""
        role = self.roles.get(slug)
        if role is None and slug:
            self.unknown_roles.add(slug)
        return role

    def _appearance(self, mention, places):
        community = places.named_community(mention.community)
        organization = places.named_organization(mention.organization)
        return {
            "title": mention.title[:128],
            "titles": list(mention.titles),
            "role": self.role(mention.role_category),
            "community": community,
            "organization": organization,
            "age": mention.age,
            "aliases": list(mention.aliases),
            "mention": mention.name[:32],
            "confidence": mention.confidence,
        }

    def _sync(self, model, stories, wanted):
        """Make the importer's links of these stories be exactly `wanted` ({(story pk,
        target pk): field values}); editors' links, verified and rejected ones stay."""
        target = _LINK_TARGETS[model]
        existing = {
            (link.story_id, getattr(link, f"{target}_id")): link
            for link in model.objects.filter(story__in=stories)
        }
        new = []
        for (story_id, target_id), values in wanted.items():
            link = existing.pop((story_id, target_id), None)
            if link is None:
                new.append(model(story_id=story_id, **{f"{target}_id": target_id}, **values))
            elif link.is_rejected or not link.importer_may_write(target):
                self.outcome.counts[f"kept:{model.__name__}"] += 1
            else:
                self.update(link, values)
        self.create_many(new)
        for link in existing.values():
            if is_untouched(link):
                self.delete(link)
            else:
                self.outcome.counts[f"kept:{model.__name__}"] += 1

    # --- writing, with the journal ------------------------------------------------------------

    def create(self, model, **values):
        obj = model(**values)
        self.create_many([obj])
        return obj

    def create_many(self, objects):
        if not objects:
            return
        model = type(objects[0])
        for obj in objects:
            obj.origin = Origin.IMPORTER
        model.objects.bulk_create(objects)
        for obj in objects:
            # A link to a story this run created goes when undo deletes the story.
            if getattr(obj, "story_id", None) not in self.new_stories:
                self.journal.created(obj)
        if model is Story:
            self.new_stories.update(obj.pk for obj in objects)
        self.outcome.counts[f"created:{model.__name__}"] += len(objects)

    def update(self, obj, values, always=()):
        """Set the fields the importer may write (and `always` ones); save if any changed."""
        before = snapshot(obj)
        changed = False
        for name, value in values.items():
            if not (name in always or obj.importer_may_write(name)):
                continue
            attname = obj._meta.get_field(name).attname  # compare role_id, not obj.role
            current = getattr(obj, attname)
            new = value.pk if isinstance(value, Model) else value
            if current != new:
                setattr(obj, name, value)
                changed = True
        kind = type(obj).__name__
        if not changed:
            self.outcome.counts[f"unchanged:{kind}"] += 1
            return obj
        obj.save()
        after = snapshot(obj)
        keys = [key for key in after if before.get(key) != after[key] and key != "updated_at"]
        self.journal.updated(obj, {k: before[k] for k in keys}, {k: after[k] for k in keys})
        self.outcome.counts[f"updated:{kind}"] += 1
        return obj

    def delete(self, obj):
        self.journal.deleted(obj)
        obj.delete()
        self.outcome.counts[f"deleted:{type(obj).__name__}"] += 1


_CHANGES = {"created", "updated", "deleted"}
_LINK_TARGETS = {
    StoryDistrict: "district",
    StoryStreet: "street",
    StoryCommunity: "community",
    StoryOrganization: "organization",
    Appearance: "person",
}


def _story_values(record):
    return {
        "kicker": record.kicker[:255],
        "title": record.title[:255],
        "subtitle": record.subtitle[:255],
        "body": record.body,
        "date_start": _date(record.date_start),
        "date_end": _date(record.date_end),
        "confidence": record.confidence,
    }


def _byline_items(record):
    return [(b.role[:16], b.name[:128]) for b in record.byline if b.name]


def _date_items(record):
    return [(value,) for value in dict.fromkeys(record.dates)]


@dataclass(frozen=True)
class _StoryList:
    model: type
    relation: str  # the story's relation, also the editor's mark in editor_fields
    fields: tuple[str, ...]
    wanted: Callable  # StoryRecord -> [tuple of `fields` values]

    def item(self, row):
        return tuple(getattr(row, name) for name in self.fields)

    def row(self, story, item):
        return self.model(story=story, **dict(zip(self.fields, item, strict=True)))


_STORY_LISTS = (
    _StoryList(Byline, "bylines", ("role", "name"), _byline_items),
    _StoryList(StoryDate, "text_dates", ("value",), _date_items),
)


def _place_link(mention):
    return {"is_inferred": mention.is_inferred, "confidence": mention.confidence}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
