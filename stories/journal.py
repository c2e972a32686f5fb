"""The journal of an import run (ImportChange rows) and undoing a run from it.

The loader records every row it creates, changes or deletes, with the values before and
after. `undo_run` replays a run's journal backwards and gives editors priority: a row
the run created is deleted only while nothing about it belongs to an editor, a field it
changed is restored only while it still holds the run's value.
"""

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from .models import ImportChange, ImportRun, Story


def snapshot(obj):
    """The row's concrete field values as JSON-ready data, keyed by attribute name."""
    values = {}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        values[model_field.attname] = value
    return values


class Journal:
    """Collects a run's changes and writes them in one bulk insert (no run: a dry run
    or a direct call, nothing is written)."""

    def __init__(self, run):
        self.run = run
        self.entries = []

    def created(self, obj):
        # Undoing a creation needs only the key: the row is deleted if still untouched.
        self._add(obj, ImportChange.Action.CREATED, None, None)

    def updated(self, obj, before, after):
        self._add(obj, ImportChange.Action.UPDATED, before, after)

    def deleted(self, obj):
        if self.run is not None:
            self._add(obj, ImportChange.Action.DELETED, snapshot(obj), None)

    def _add(self, obj, action, before, after):
        if self.run is None:
            return
        self.entries.append(
            ImportChange(
                run=self.run,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                action=action,
                before=before,
                after=after,
                label=str(obj)[:255],
            )
        )

    def write(self):
        ImportChange.objects.bulk_create(self.entries, batch_size=500)
        self.entries = []


def undo_run(run):
    """Reverse a whole import run, newest change first, in one transaction.

    Returns a Counter: deleted, restored, recreated, and kept (for editors) or gone.
    """
    result = Counter()
    with transaction.atomic():
        waiting = []
        for change in run.changes.select_related("content_type").order_by("-pk"):
            outcome = _undo(change)
            if outcome == "protected":
                waiting.append(change)  # a person still linked from a story undone later
            else:
                result[outcome] += 1
        while waiting:
            retried = [(change, _undo(change)) for change in waiting]
            waiting = [change for change, outcome in retried if outcome == "protected"]
            for _, outcome in retried:
                if outcome != "protected":
                    result[outcome] += 1
            if len(waiting) == len(retried):
                result["kept"] += len(waiting)  # an editor's row points to them
                break
        run.status = ImportRun.Status.UNDONE
        run.undone_at = timezone.now()
        run.summary = {**run.summary, "undo": dict(result)}
        run.save(update_fields=["status", "undone_at", "summary", "updated_at"])
    return result


def is_untouched(obj):
    """Nothing about this row (nor, for a story, about its links) belongs to an editor."""
    if not obj.is_importer_owned or getattr(obj, "is_rejected", False):
        return False
    if isinstance(obj, Story):
        return all(is_untouched(link) for link in story_links(obj))
    return True


def story_links(story):
    return [
        *story.appearances.all(),
        *story.district_links.all(),
        *story.street_links.all(),
        *story.community_links.all(),
        *story.organization_links.all(),
        *story.bylines.all(),
        *story.text_dates.all(),
    ]


def _undo(change):
    model = change.content_type.model_class()
    obj = model.objects.filter(pk=change.object_id).first()
    if change.action == ImportChange.Action.CREATED:
        return _undo_create(obj)
    if change.action == ImportChange.Action.UPDATED:
        return _undo_update(change, model, obj)
    if obj is not None:
        return "kept"
    try:
        with transaction.atomic():
            model(**_values(model, change.before)).save(force_insert=True)
    except IntegrityError:
        return "kept"  # what it pointed to is gone, or its natural key is taken again
    return "recreated"


def _undo_create(obj):
    if obj is None:
        return "gone"
    if not is_untouched(obj):
        return "kept"
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, models.RestrictedError):
        return "protected"
    return "deleted"


def _undo_update(change, model, obj):
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
    for name, value in _values(model, restore).items():
        setattr(obj, name, value)
    obj.save()
    return "restored"


def _values(model, data):
    return {
        name: None if value is None else model._meta.get_field(name).to_python(value)
        for name, value in data.items()
    }
