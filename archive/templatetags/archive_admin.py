"""Template tags for the editors' admin."""

from django import template

from stories.models import Appearance, Story
from stories.review import appearance_queue, review_queue

register = template.Library()


@register.simple_tag
def review_queue_count():
    """How many stories wait in the review queue: one COUNT query."""
    return review_queue(Story.objects.all()).count()


@register.simple_tag
def appearance_queue_count():
    """How many appearances wait to be verified: one COUNT query."""
    return appearance_queue(Appearance.objects.all()).count()
