from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "报道"

    def ready(self):
        from . import signals  # noqa: F401  (connects the search index's receivers)
