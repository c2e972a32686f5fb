"""Page records → rows, one page per transaction; and undoing a whole import run.

`import_page` matches on natural keys: a Source by file name (its sha256 says whether
the text changed), a Story by (source, position), a link by (story, target), a Person by
name plus community or organisation. It writes only what the importer owns
(`CuratedModel.importer_may_write`): rows and links an editor made, verified or rejected
are never changed or removed, and an unchanged page is not touched at all. Every row it
creates, changes or deletes is written to the run's journal (ImportChange), which
`undo_run` replays backwards.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from archive.models import Origin
from people.models import Organization, Person, Role
from places.gazetteer import get_gazetteer
from places.models import Community, District, Street

from .models import (
    Appearance,
    ImportChange,
    ImportRun,
    Source,
    Story,
    StoryCommunity,
    StoryDistrict,
    StoryOrganization,
    StoryStreet,
)
from .pipeline.extract import REVIEW_BELOW


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
            _PageImport(record, run, publish, outcome).write()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return outcome


class _PageImport:
    def __init__(self, record, run, publish, outcome):
        self.record, self.run, self.publish, self.outcome = record, run, publish, outcome
        self.roles = {role.name: role for role in Role.objects.all()}

    def write(self):
        record = self.record
        source = Source.objects.filter(filename=record.filename).first()
        if source is None:
            source = Source.objects.filter(sha256=record.sha256).first()  # renamed file
        self.outcome.action = "updated" if source else "created"
        source = self._source(source)
        kept_positions = set()
        for story_record in record.stories:
            story = self._story(source, story_record)
            kept_positions.add(story.position)
            self._links(story, story_record)
        self._remove_vanished_stories(source, kept_positions)
        self.outcome.stories = len(record.stories)
        if not any(
            key.split(":")[0] in {"created", "updated", "deleted"} for key in self.outcome.counts
        ):
            self.outcome.action = "unchanged"  # re-extracted (--force) to the same result
        self.outcome.warnings += list(record.warnings)

    # --- rows -----------------------------------------------------------------------------

    def _source(self, source):
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
            "home_district": self._home_district(meta),
        }
        if source is None:
            return self._create(Source, **values)
        # The file name and hash say which page this is: they always follow the file.
        return self._update(source, values, always=("filename", "sha256"))

    def _home_district(self, meta):
        if not meta.home_district:
            return None
        return District.objects.filter(name=meta.home_district).order_by("-is_current").first()

    def _story(self, source, record):
        values = {
            "kicker": record.kicker[:255],
            "title": record.title[:255],
            "subtitle": record.subtitle[:255],
            "body": record.body,
            "byline": [{"name": b.name, "role": b.role} for b in record.byline],
            "date_start": _date(record.date_start),
            "date_end": _date(record.date_end),
            "dates": list(record.dates),
            "confidence": record.confidence,
        }
        story = Story.objects.filter(source=source, position=record.position).first()
        if story is None:
            status = (
                Story.Status.REVIEW
                if record.confidence < REVIEW_BELOW
                else Story.Status.PUBLISHED
                if self.publish
                else Story.Status.DRAFT
            )
            return self._create(
                Story, source=source, position=record.position, status=status, **values
            )
        return self._update(story, values)

    def _remove_vanished_stories(self, source, kept_positions):
        """A changed page may have fewer stories: drop the importer's own, keep an editor's."""
        for story in source.stories.exclude(position__in=kept_positions):
            touched = not story.is_importer_owned or any(
                not link.is_importer_owned or link.is_rejected for link in _links_of(story)
            )
            if touched:
                self.outcome.counts["kept:Story"] += 1
                self.outcome.warnings.append(
                    f"第 {story.position} 篇已不在新版面中，但编辑改过，保留"
                )
                continue
            for link in _links_of(story):
                self._delete(link)
            self._delete(story)

    # --- links ---------------------------------------------------------------------------------

    def _links(self, story, record):
        districts = [self._district(d.code, d.name) for d in record.districts]
        district_links = {
            d.pk: {"is_inferred": m.is_inferred, "confidence": m.confidence}
            for d, m in zip(districts, record.districts, strict=True)
            if d is not None
        }
        self._sync(story, StoryDistrict, "district", district_links)
        streets = {s.code: self._street(s.code) for s in record.streets}
        self._sync(
            story,
            StoryStreet,
            "street",
            {
                streets[m.code].pk: {"is_inferred": m.is_inferred, "confidence": m.confidence}
                for m in record.streets
                if streets.get(m.code) is not None
            },
        )
        communities = {m.name: self._community(m, streets) for m in record.communities}
        self._sync(
            story,
            StoryCommunity,
            "community",
            {
                c.pk: {"confidence": m.confidence}
                for m, c in zip(record.communities, communities.values(), strict=True)
            },
        )
        organizations = {m.name: self._organization(m) for m in record.organizations}
        self._sync(
            story,
            StoryOrganization,
            "organization",
            {
                o.pk: {"confidence": m.confidence}
                for m, o in zip(record.organizations, organizations.values(), strict=True)
            },
        )
        appearances = {}
        for mention in record.people:
            community = communities.get(mention.community)
            organization = organizations.get(mention.organization)
            person = self._person(story, mention, community, organization)
            appearances[person.pk] = {
                "title": mention.title[:128],
                "titles": list(mention.titles),
                "role": self.roles.get(mention.role_category),
                "community": community,
                "organization": organization,
                "age": mention.age,
                "aliases": list(mention.aliases),
                "confidence": mention.confidence,
            }
        self._sync(story, Appearance, "person", appearances)
        self.outcome.people += len(appearances)
        self.outcome.places += len(district_links) + len(streets) + len(communities)

    def _sync(self, story, model, target, wanted):
        """Make the importer's links of `story` to `target` objects be exactly `wanted`
        ({target pk: field values}); editors' links, verified and rejected ones stay."""
        existing = {
            getattr(link, f"{target}_id"): link for link in model.objects.filter(story=story)
        }
        for pk, values in wanted.items():
            link = existing.pop(pk, None)
            if link is None:
                self._create(model, story=story, **{f"{target}_id": pk}, **values)
            elif link.is_rejected or not link.importer_may_write(target):
                self.outcome.counts[f"kept:{model.__name__}"] += 1
            else:
                self._update(link, values)
        for link in existing.values():
            if link.is_importer_owned and not link.is_rejected:
                self._delete(link)
            else:
                self.outcome.counts[f"kept:{model.__name__}"] += 1

    # --- targets -------------------------------------------------------------------------------

    def _district(self, code, name):
        if code:
            district = District.objects.filter(code=code).first()
            if district is None:
                entry = get_gazetteer().district(code)
                if entry is not None:
                    district = self._create(
                        District,
                        code=entry.code,
                        name=entry.name,
                        kind=entry.kind,
                        city=entry.city,
                        province=entry.province,
                        former_names=list(entry.former_names),
                        is_current=entry.is_current,
                    )
            return district
        return District.objects.filter(name=name).first()

    def _street(self, code):
        street = Street.objects.filter(code=code).first() if code else None
        if street is not None or not code:
            return street
        entry = get_gazetteer().street(code)
        district = self._district(entry.district_code, "") if entry else None
        if district is None:
            return None
        return self._create(
            Street,
            code=entry.code,
            name=entry.name,
            kind=entry.kind,
            district=district,
            former_names=list(entry.former_names),
            is_current=entry.is_current,
        )

    def _community(self, mention, streets):
        if mention.code:
            community = Community.objects.filter(code=mention.code).first()
            if community is not None:
                return community
        street = streets.get(mention.street_code) or self._street(mention.street_code)
        if street is not None:
            district = street.district
        elif mention.district_code:
            district = self._district(mention.district_code, "")
        else:
            district = None
        community = Community.objects.filter(
            name=mention.name, street=street, district=district
        ).first()
        if community is None:
            community = self._create(
                Community,
                code=mention.code,
                name=mention.name,
                kind=mention.kind,
                street=street,
                district=district,
            )
        return community

    def _organization(self, mention):
        district = (
            District.objects.filter(code=mention.district_code).first()
            if mention.district_code
            else None
        )
        organization = Organization.objects.filter(name=mention.name, district=district).first()
        if organization is None:
            organization = self._create(
                Organization, name=mention.name, kind=mention.kind, district=district
            )
        return organization

    def _person(self, story, mention, community, organization):
        """The same person is one Person when name and community (or organisation)
        agree; a merged Person redirects to the one it was merged into."""
        for appearance in story.appearances.select_related("person"):
            person = appearance.person
            if person.name == mention.name or mention.name in person.aliases:
                return _surviving(person)
        candidates = Person.objects.filter(name=mention.name, merged_into=None)
        person = None
        if community is not None:
            person = candidates.filter(community=community).first()
        elif organization is not None:
            person = candidates.filter(community=None, organization=organization).first()
        if person is None:
            merged = (
                Person.objects.filter(
                    name=mention.name, community=community, organization=organization
                )
                .exclude(merged_into=None)
                .first()
            )
            if merged is not None and (community or organization):
                return _surviving(merged)
            role = self.roles.get(mention.role_category)
            person = self._create(
                Person,
                name=mention.name,
                aliases=list(mention.aliases),
                community=community,
                organization=organization,
                is_name_public=not (role and role.is_private),
            )
        return person

    # --- the journal ---------------------------------------------------------------------------

    def _create(self, model, **values):
        obj = model(origin=Origin.IMPORTER, **values)
        obj.save()
        self._journal(obj, ImportChange.Action.CREATED, None, snapshot(obj))
        self.outcome.counts[f"created:{model.__name__}"] += 1
        return obj

    def _update(self, obj, values, always=()):
        before = snapshot(obj)
        changed = []
        for name, value in values.items():
            if name not in always and not obj.importer_may_write(name):
                continue
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed.append(name)
        if changed:
            obj.save()
            after = snapshot(obj)
            self._journal(
                obj,
                ImportChange.Action.UPDATED,
                {k: before[k] for k in after if before.get(k) != after[k]},
                {k: after[k] for k in after if before.get(k) != after[k]},
            )
            self.outcome.counts[f"updated:{type(obj).__name__}"] += 1
        else:
            self.outcome.counts[f"unchanged:{type(obj).__name__}"] += 1
        return obj

    def _delete(self, obj):
        self._journal(obj, ImportChange.Action.DELETED, snapshot(obj), None)
        obj.delete()
        self.outcome.counts[f"deleted:{type(obj).__name__}"] += 1

    def _journal(self, obj, action, before, after):
        if self.run is None:
            return
        ImportChange.objects.create(
            run=self.run,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            action=action,
            before=before,
            after=after,
            label=str(obj)[:255],
        )


def _surviving(person):
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def _links_of(story):
    return [
        *story.appearances.all(),
        *story.district_links.all(),
        *story.street_links.all(),
        *story.community_links.all(),
        *story.organization_links.all(),
    ]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def snapshot(obj):
    """The row's concrete field values as JSON-ready data, keyed by attribute name."""
    values = {}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        values[model_field.attname] = value
    return values


# --- undo --------------------------------------------------------------------------------------


def undo_run(run):
    """Reverse a whole import run, newest change first, in one transaction.

    A row the run created is deleted only while nothing about it belongs to an editor; a
    field the run changed is restored only while it still holds the run's value. Returns
    a Counter of what was undone and what was kept for editors.
    """
    result = Counter()
    with transaction.atomic():
        for change in run.changes.select_related("content_type").order_by("-pk"):
            model = change.content_type.model_class()
            obj = model.objects.filter(pk=change.object_id).first()
            result[_undo_change(change, model, obj)] += 1
        run.status = ImportRun.Status.UNDONE
        run.undone_at = timezone.now()
        run.summary = {**run.summary, "undo": dict(result)}
        run.save(update_fields=["status", "undone_at", "summary", "updated_at"])
    return result


def _undo_change(change, model, obj):
    if change.action == ImportChange.Action.CREATED:
        if obj is None:
            return "gone"
        if not obj.is_importer_owned or getattr(obj, "is_rejected", False):
            return "kept"
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, models.RestrictedError):
            return "kept"
        return "deleted"
    if change.action == ImportChange.Action.UPDATED:
        if obj is None:
            return "gone"
        current = snapshot(obj)
        restore = {
            name: value
            for name, value in change.before.items()
            if current.get(name) == change.after.get(name) and name not in obj.editor_fields
        }
        if not restore:
            return "kept"
        for name, value in restore.items():
            setattr(
                obj,
                name,
                model._meta.get_field(name).to_python(value) if value is not None else None,
            )
        obj.save()
        return "restored"
    if obj is not None:
        return "kept"
    try:
        with transaction.atomic():
            model(
                **{
                    name: model._meta.get_field(name).to_python(value)
                    if value is not None
                    else None
                    for name, value in change.before.items()
                }
            ).save(force_insert=True)
    except IntegrityError:
        return "kept"
    return "recreated"
