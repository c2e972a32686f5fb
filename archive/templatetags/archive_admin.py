"""Template tags for the editors' admin."""

from django import template

from stories.admin import review_queue
from stories.models import Story

register = template.Library()


@register.simple_tag
def review_queue_count():
    """How many stories wait in the review queue: one COUNT query."""
    return review_queue(Story.objects.all()).count()
