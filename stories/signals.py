"""Keep the search index current, in the transaction that changes a story (issue 6).

A story's index row depends on its text and bylines, on who appears in it (private
residents' names are masked) and on whether their names are public. Deleting a story also
deletes its row in the database itself (a trigger, see stories.search). Saves that send no signals
(bulk_create, QuerySet.update) must index what they change: the loader does, for a page.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from people.models import Person

from . import search
from .models import Appearance, Byline, Story

# The story ids collected inside indexing_deferred(), or None outside it.
_deferred = ContextVar("stories_search_deferred", default=None)


@contextmanager
def indexing_deferred(stories):
    """Index `stories` (a queryset) once, at the end of the block, together with every
    story that signals inside the block would have reindexed save by save. Nothing is
    indexed when the block raises: its transaction is being rolled back anyway."""
    pending = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    search.index_stories(stories | Story.objects.filter(pk__in=pending))


def _reindex(story_ids):
    pending = _deferred.get()
    if pending is not None:
        pending.update(story_ids)
    elif story_ids:
        search.index_stories(Story.objects.filter(pk__in=story_ids))


# raw: loaddata writes rows in any order, so what a story's text needs may not be there
# yet; run `rebuild_search_index` after loading stories from a fixture.


@receiver(post_save, sender=Story)
def _story_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.pk])


@receiver(post_delete, sender=Story)
def _story_deleted(sender, instance, **kwargs):
    # The database trigger has already done this, unless SQLite lost it when a migration
    # rebuilt the stories table (SQLite drops a table's triggers with the table).
    search.forget_stories([instance.pk], using=instance._state.db)


# A story's appearances mask names in its text; its bylines' names are searched too.
@receiver(post_save, sender=Appearance)
@receiver(post_save, sender=Byline)
def _story_row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.story_id])


@receiver(post_delete, sender=Appearance)
@receiver(post_delete, sender=Byline)
def _story_row_deleted(sender, instance, origin=None, **kwargs):
    deleting_stories = isinstance(origin, Story) or (
        isinstance(origin, QuerySet) and origin.model is Story
    )
    if not deleting_stories:  # else the story's row goes with the story
        _reindex([instance.story_id])


def _masking(name, is_name_public):
    return None if is_name_public else name


@receiver(pre_save, sender=Person)
def _person_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether this save changes how the person's name is masked in story texts."""
    instance.search_masking_changed = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"name", "is_name_public"} & set(update_fields):
        return
    stored = Person.objects.filter(pk=instance.pk).values_list("name", "is_name_public").first()
    instance.search_masking_changed = stored is not None and _masking(*stored) != _masking(
        instance.name, instance.is_name_public
    )


@receiver(post_save, sender=Person)
def _person_saved(sender, instance, **kwargs):
    if getattr(instance, "search_masking_changed", False):
        _reindex(set(instance.appearances.values_list("story_id", flat=True)))
