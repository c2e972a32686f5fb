class LinkedStoriesMixin:
    """For a DetailView of anything with a reverse `stories` relation (people, places,
    organisations): adds its published stories, ready for story cards, as `stories`."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stories"] = self.object.stories.published().for_list().distinct()
        return context
