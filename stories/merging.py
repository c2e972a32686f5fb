"""Merging duplicate people, organisations and communities into one record (issue 7).

Why here and not in people/merging.py: a merge moves story links (Appearance,
StoryOrganization, StoryCommunity) and reindexes stories, and people and places may not
import stories (places <- people <- stories). So the three merge functions live in the app
that may import all three, and the admins of people and places call them.

Contract of merge_people / merge_organizations / merge_communities(survivor, others, *,
user=None):

- One transaction and one django-reversion revision by `user`, commented "合并…". The
  revision holds every row the merge changes or deletes *as it was before the merge*
  (both records, every moved, folded or deleted link, every repointed person and
  appearance), so that reverting it (`revision.revert(delete=True)`) undoes the merge as a
  unit and brings back the merged-away records as they were.
- Every link of the others moves to the survivor. Where the survivor already has a link
  to the same story, the survivor's row stays (for an appearance it takes the other's
  titles and aliases) and the other's row is deleted.
- People and appearances that point at a merged-away organisation or community point at
  the survivor.
- The others' names and aliases become the survivor's aliases (new alias rows; for a
  community, its `former_names`), marked as the editor's so that a re-import keeps them.
- The others stay, with `merged_into` set, as redirects for the importer and public
  URLs; records merged into them before now point at the survivor, so a redirect is
  always one step.
- The affected stories are reindexed for search (QuerySet.update sends no signals).

Raises MergeError, with nothing written, when the choice is not a merge (no others, the
survivor among them, a record merged already) or when two people of the same name would
end up in one community or organisation (merge those people first). Must not run inside
another revision block (RuntimeError). django-reversion reverts without signals: reindex
the stories afterwards (`rebuild_search_index`).
"""

from dataclasses import dataclass

import reversion
from django.db import IntegrityError, transaction
from django.db.models import Count
from reversion.errors import RevertError
from reversion.models import Revision

from people.models import Organization, OrganizationAlias, Person, PersonAlias
from places.models import Community

from . import search
from .models import Appearance, Story, StoryCommunity, StoryOrganization
from .signals import indexing_deferred


class MergeError(ValueError):
    """The chosen records cannot be merged; the message is for editors."""


@dataclass(frozen=True)
class MergeResult:
    merged: int  # records merged away into the survivor
    moved: int  # story links that are now the survivor's
    folded: int  # links deleted because the survivor already had one to the same story
    repointed: int  # people and appearances now pointing at the survivor
    stories: int  # stories touched (and reindexed)


@dataclass(frozen=True)
class _Kind:
    model: type
    label: str  # what editors call it, in messages and the revision's comment
    names: str  # the survivor's other names: its Alias rows' relation, or a list field
    link: type  # the story link model
    link_field: str
    pointers: tuple = ()  # (model, field) of the other rows that point at the record
    alias: type | None = None  # the Alias model of `names`, if it is one

    def other_names(self, record):
        return record.alias_names if self.alias else getattr(record, self.names)


_PERSON = _Kind(Person, "人物", "aliases", Appearance, "person", alias=PersonAlias)
_ORGANIZATION = _Kind(
    Organization,
    "组织机构",
    "aliases",
    StoryOrganization,
    "organization",
    ((Person, "organization"), (Appearance, "organization")),
    alias=OrganizationAlias,
)
_COMMUNITY = _Kind(
    Community,
    "社区村",
    "former_names",
    StoryCommunity,
    "community",
    ((Person, "community"), (Appearance, "community")),
)


_KINDS = {kind.model: kind for kind in (_PERSON, _ORGANIZATION, _COMMUNITY)}
_MERGE = "合并"  # every merge revision's comment starts with it, then the kind's label


def other_names(record):
    """A person's, organisation's or community's other names, as a merge keeps them."""
    return _KINDS[type(record)].other_names(record)


def merge_people(survivor, others, *, user=None):
    return _merge(_PERSON, survivor, others, user)


def merge_organizations(survivor, others, *, user=None):
    return _merge(_ORGANIZATION, survivor, others, user)


def merge_communities(survivor, others, *, user=None):
    return _merge(_COMMUNITY, survivor, others, user)


def _merge(kind, survivor, others, user):
    if reversion.is_active():
        # An outer revision would be saved only after the merge, without the deleted
        # duplicates and with the merged state: the undo would be lost.
        raise RuntimeError("A merge records its own revision: call it outside create_revision().")
    with transaction.atomic():
        # The revision is saved at the end of this block, before anything changes: it must
        # hold the rows as they were, and django-reversion leaves out rows deleted by then.
        with reversion.create_revision(manage_manually=True):
            survivor, others = _locked(kind, survivor, others)
            names = "、".join(other.name for other in others)
            reversion.set_comment(f"{_MERGE}{kind.label}：{names} → {survivor.name}")
            if user is not None:
                reversion.set_user(user)
            _check_people(kind, survivor, others)
            _remember([survivor, *others])
            moves, duplicates, folds = _plan_links(kind, survivor, others)
            pointing = {
                model: _remember(_pointing(model, field, others)) for model, field in kind.pointers
            }
            earlier = _remember(list(kind.model.objects.filter(merged_into__in=others)))
        story_ids = {row.story_id for row in [*moves, *duplicates]}
        story_ids |= {row.story_id for row in pointing.get(Appearance, [])}
        with indexing_deferred(Story.objects.filter(pk__in=story_ids)):
            _apply_links(kind, survivor, moves, duplicates, folds)
            for model, field in kind.pointers:
                model.objects.filter(pk__in=[r.pk for r in pointing[model]]).update(
                    **{field: survivor}
                )
            kind.model.objects.filter(pk__in=[r.pk for r in [*earlier, *others]]).update(
                merged_into=survivor
            )
            _keep_names(kind, survivor, others)
    return MergeResult(
        merged=len(others),
        moved=len(moves),
        folded=len(duplicates),
        repointed=sum(len(rows) for rows in pointing.values()),
        stories=len(story_ids),
    )


def _locked(kind, survivor, others):
    """The survivor and the others as the database has them now, locked for the merge."""
    other_pks = {other.pk for other in others}
    if not other_pks:
        raise MergeError(f"请至少选择两个{kind.label}。")
    if survivor.pk in other_pks:
        raise MergeError(f"保留的{kind.label}不能同时被合并。")
    rows = kind.model.objects.select_for_update().in_bulk([survivor.pk, *other_pks])
    if len(rows) != len(other_pks) + 1:
        raise MergeError(f"所选{kind.label}已不存在。")
    merged = [row.name for row in rows.values() if row.merged_into_id is not None]
    if merged:
        raise MergeError(f"已合并的{kind.label}不能再合并：{'、'.join(merged)}。")
    return rows[survivor.pk], [rows[pk] for pk in sorted(other_pks)]


def _check_people(kind, survivor, others):
    """Refuse an organisation or community merge that would put two current people of
    the same name in one place: the database forbids it, and they are probably one
    person, which an editor should decide by merging them first."""
    for model, field in kind.pointers:
        if model is not Person:
            continue
        people = Person.objects.filter(merged_into=None, **{f"{field}__in": [survivor, *others]})
        if field == "organization":  # people with a community are unique there instead
            people = people.filter(community=None)
        clashes = (
            people.order_by()
            .values("name")
            .annotate(places=Count(field, distinct=True))
            .filter(places__gt=1)
            .values_list("name", flat=True)
        )
        if clashes:
            raise MergeError(f"请先合并同名人物：{'、'.join(sorted(clashes))}。")


def _remember(rows):
    """Add `rows` to the revision as they are now, before the merge changes them. Each row
    must be remembered once: remembering it again would record its merged state."""
    for row in rows:
        reversion.add_to_revision(row)
    return rows


def _pointing(model, field, others):
    return list(model.objects.filter(**{f"{field}__in": others}).order_by("pk"))


def _plan_links(kind, survivor, others):
    """Which of the others' links move, which are duplicates of a link the survivor has
    (or will have) to the same story, and which kept rows take a duplicate's titles."""
    field = kind.link_field
    moving = _remember(_pointing(kind.link, field, others))
    story_ids = {row.story_id for row in moving}
    kept = kind.link.objects.filter(**{field: survivor, "story_id__in": story_ids})
    kept = {row.story_id: row for row in _remember(list(kept))}
    moves, duplicates, folds = [], [], {}
    for row in moving:
        keep = kept.setdefault(row.story_id, row)
        if keep is row:
            moves.append(row)
        else:
            duplicates.append(row)
            if kind.link is Appearance and _fold_appearance(keep, row):
                folds[keep.pk] = keep
    return moves, duplicates, list(folds.values())


def _fold_appearance(keep, duplicate):
    """Give the kept appearance the duplicate's titles and aliases; True if it changed."""
    before = (keep.title, keep.titles, keep.aliases)
    keep.title = keep.title or duplicate.title
    keep.titles = _union(
        keep.titles, [duplicate.title] if duplicate.title else [], duplicate.titles
    )
    keep.aliases = _union(keep.aliases, duplicate.aliases)
    return (keep.title, keep.titles, keep.aliases) != before


def _apply_links(kind, survivor, moves, duplicates, folds):
    kind.link.objects.filter(pk__in=[row.pk for row in duplicates]).delete()
    kind.link.objects.filter(pk__in=[row.pk for row in moves]).update(**{kind.link_field: survivor})
    for keep in folds:
        keep.save(update_fields=["title", "titles", "aliases", "updated_at"])


def _keep_names(kind, survivor, others):
    had = kind.other_names(survivor)
    other_names = [name for other in others for name in [other.name, *kind.other_names(other)]]
    new = [n for n in _union(other_names) if n != survivor.name and n not in had]
    if kind.alias:
        # The alias's foreign key is named like the story link's (person, organization).
        aliases = [kind.alias(**{kind.link_field: survivor}, name=name) for name in new]
        kind.alias.objects.bulk_create(aliases)
    else:
        setattr(survivor, kind.names, [*had, *new])
    survivor.mark_edited([kind.names])
    fields = ["editor_fields", "updated_at"] + ([] if kind.alias else [kind.names])
    survivor.save(update_fields=fields)


def _union(*lists):
    """The items of `lists` in order of first appearance, each once."""
    return list(dict.fromkeys(item for items in lists for item in items))


# --- undoing a merge ---------------------------------------------------------------------


@dataclass(frozen=True)
class UndoResult:
    restored: int  # rows written back as they were before the merge
    stories: int  # stories reindexed


def merge_revisions(model):
    """The revisions of merges of `model` (Person, Organization or Community), newest
    first, with their user and how many rows each holds: what the admin lists."""
    return (
        Revision.objects.filter(comment__startswith=f"{_MERGE}{_KINDS[model].label}：")
        .select_related("user")
        .annotate(rows=Count("version"))
        .order_by("-date_created", "-pk")
    )


def undo_merge(revision, *, user=None):
    """Undo the merge `revision` recorded, as a unit: `revision.revert(delete=True)` writes
    back both records, every moved, folded or deleted link and every repointed row as they
    were before the merge. The undo is itself a revision by `user` ("撤销合并…") holding
    the rows as restored, and the stories of the links the merge held are reindexed.

    Raises MergeError, with nothing written, when the revision is not a merge, no record
    it merged away is merged now (undone already), or the rows as they were no longer fit
    the database (a later change took a name or a link they need). Rows edited since the
    merge go back to their state before it, as any revert does. Must not run inside
    another revision block (RuntimeError).
    """
    if not revision.comment.startswith(_MERGE):
        raise MergeError("这条历史记录不是合并。")
    if reversion.is_active():
        raise RuntimeError("An undo records its own revision: call it outside create_revision().")
    versions = list(revision.version_set.select_related("content_type"))
    with transaction.atomic():
        if not _still_merged(versions):
            raise MergeError("这次合并已经撤销。")
        try:
            revision.revert(delete=True)
        except (RevertError, IntegrityError) as error:
            # Rows changed since the merge so that they no longer fit as they were.
            raise MergeError(f"无法撤销这次合并：{error}") from error
        with reversion.create_revision(manage_manually=True, atomic=False):
            reversion.set_comment(f"撤销{revision.comment}")
            if user is not None:
                reversion.set_user(user)
            for row in _current_rows(versions):
                reversion.add_to_revision(row)
        story_ids = {
            version.field_dict["story_id"]
            for version in versions
            if version._model in (Appearance, StoryOrganization, StoryCommunity)
        }
        search.index_stories(Story.objects.filter(pk__in=story_ids))
    return UndoResult(restored=len(versions), stories=len(story_ids))


def _current_rows(versions):
    """The rows `versions` are of, as the database has them now: one query per model."""
    ids = {}
    for version in versions:
        ids.setdefault(version._model, []).append(version.object_id)
    return [row for model, pks in ids.items() for row in model.objects.filter(pk__in=pks)]


def _still_merged(versions):
    """Whether a record the revision holds as not merged is merged now, i.e. the merge is
    in effect (an undo puts every record back as the revision holds it)."""
    records = [version for version in versions if version._model in _KINDS]
    unmerged = {
        (version._model, str(version.object_id))
        for version in records
        if version.field_dict["merged_into_id"] is None
    }
    return any(
        row.merged_into_id is not None
        for row in _current_rows(records)
        if (type(row), str(row.pk)) in unmerged
    )
