"""The admin's merge action for people, organisations and communities (issue 7).

The admin only collects the editor's choice and reports the result: the merge itself is
`stories.merging`, which each admin names in `merge_function`. It lives here, beside the
other shared admin bases, because places' admin may not import people's.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse

from stories.merging import MergeError

from .admin import CuratedAdmin


class MergedFilter(admin.SimpleListFilter):
    title = "合并状态"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "未合并"), ("yes", "已合并到其他记录")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into=None)
        if self.value() == "yes":
            return queryset.exclude(merged_into=None)
        return queryset


class SurvivorForm(forms.Form):
    survivor = forms.TypedChoiceField(
        label="保留哪一条",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择保留的记录。"},
    )

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(row.pk, row.name) for row in rows]


class MergeableAdmin(CuratedAdmin):
    """A changelist with a merge action, merged-away records shown as such and left out of
    autocomplete. Set `merge_function` (a `stories.merging` function), `merge_names` (the
    field of other names) and `merge_stories` (the relation to count stories by)."""

    merge_function = None  # staticmethod(stories.merging.merge_…)
    merge_names = "aliases"
    merge_stories = "story_links"
    actions = ["merge_selected"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "merged_into"]

    @admin.action(description="合并所选%(verbose_name_plural)s", permissions=["change"])
    def merge_selected(self, request, queryset):
        rows = list(
            queryset.annotate(story_count=Count(self.merge_stories, distinct=True)).order_by("pk")
        )
        label = self.opts.verbose_name
        if len(rows) < 2:
            self.message_user(request, f"请至少选择两个{label}再合并。", messages.WARNING)
            return None
        confirmed = request.POST.get("post") == "yes"
        form = SurvivorForm(
            rows,
            request.POST if confirmed else None,
            initial={
                "survivor": max(rows, key=lambda row: row.story_count).pk,
            },
        )
        if not form.is_valid():
            return self._merge_confirmation(request, rows, form)
        survivor = next(row for row in rows if row.pk == form.cleaned_data["survivor"])
        others = [row for row in rows if row is not survivor]
        try:
            result = self.merge_function(survivor, others, user=request.user)
        except MergeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            f"已将 {result.merged} 个{label}合并到“{survivor.name}”：移动报道关联 "
            f"{result.moved} 条，合并重复关联 {result.folded} 条，改指人物和出现 "
            f"{result.repointed} 条，涉及报道 {result.stories} 篇。",
            messages.SUCCESS,
        )
        return None

    def _merge_confirmation(self, request, rows, form):
        for row in rows:
            row.other_names = getattr(row, self.merge_names)
        context = {
            **self.admin_site.each_context(request),
            "title": f"合并{self.opts.verbose_name}",
            "opts": self.opts,
            "rows": rows,
            "form": form,
            "choices": list(zip(rows, form["survivor"], strict=True)),
            "action": "merge_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_confirmation.html", context)

    def get_search_results(self, request, queryset, search_term):
        if request.path == reverse(f"{self.admin_site.name}:autocomplete"):
            queryset = queryset.filter(merged_into=None)
        return super().get_search_results(request, queryset, search_term)
