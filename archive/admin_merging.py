"""The admin's merge action for people, organisations and communities, and the list of
their merges from which an editor undoes one (issue 7).

The admin only collects the editor's choice and reports the result: the merge itself is
`stories.merging`, which each admin names in `merge_function`. It lives here, beside the
other shared admin bases, because places' admin may not import people's.
"""

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from stories.merging import MergeError, merge_revisions, other_names, undo_merge

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


class CountingChangeList(ChangeList):
    """Each listed record with its number of stories, for the list's column and the merge
    action's default survivor (the actions receive this queryset)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.annotate(story_count=Count(self.model_admin.merge_stories, distinct=True))


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


class MergeableAdmin(VersionAdmin, CuratedAdmin):
    """A changelist with a merge action, merged-away records shown as such and left out of
    autocomplete, every change a revision (history per record), and a list of merges
    each of which can be undone, and a story count in the list. Set `merge_function` (a
    `stories.merging` function) and `merge_stories` (the relation to count stories by)."""

    merge_function = None  # staticmethod(stories.merging.merge_…)
    merge_stories = "story_links"
    merge_prefetch = ()  # what the confirmation's other names need: ("aliases",)
    merges_per_page = 50
    actions = ["merge_selected"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "merged_into"]
    change_list_template = "admin/mergeable_change_list.html"

    def get_list_display(self, request):
        return [*super().get_list_display(request), "story_count"]

    def get_changelist(self, request, **kwargs):
        return CountingChangeList

    @admin.display(description="报道数", ordering="story_count")
    def story_count(self, row):
        return row.story_count

    @contextmanager
    def create_revision(self, request):
        """VersionAdmin's revision around each view, except the changelist's POST of the
        merge action: a merge saves its own revision before it changes anything, which it
        cannot do inside another (the outer one would be saved after the merge, without
        the deleted links). The action changes nothing else."""
        if request.method == "POST" and request.POST.get("action") == "merge_selected":
            yield
        else:
            with super().create_revision(request):
                yield

    @admin.action(description="合并所选%(verbose_name_plural)s", permissions=["change"])
    def merge_selected(self, request, queryset):
        rows = list(queryset.order_by("pk").prefetch_related(*self.merge_prefetch))
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
            format_html(
                "已将 {} 个{}合并到“{}”：移动报道关联 {} 条，合并重复关联 {} 条，改指人物和"
                '出现 {} 条，涉及报道 {} 篇。可在<a href="{}">合并记录</a>中撤销。',
                result.merged,
                label,
                survivor.name,
                result.moved,
                result.folded,
                result.repointed,
                result.stories,
                self._merges_url(),
            ),
            messages.SUCCESS,
        )
        return None

    def _merge_confirmation(self, request, rows, form):
        for row in rows:
            row.other_names = other_names(row)
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

    # --- the list of merges, and undoing one ------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("merges/", view(self.merges_view), name=f"{prefix}_merges"),
            path(
                "merges/<int:revision_id>/undo/",
                view(self.undo_merge_view),
                name=f"{prefix}_undo_merge",
            ),
            *super().get_urls(),
        ]

    def _merges_url(self):
        opts = self.opts
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_merges")

    def merges_view(self, request):
        """The merges of this kind, newest first: who, when, what, and a button to undo."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        page = Paginator(merge_revisions(self.model), self.merges_per_page).get_page(
            request.GET.get("page")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{self.opts.verbose_name}合并记录",
            "opts": self.opts,
            "page": page,
            "can_undo": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/merge_list.html", context)

    @method_decorator(require_POST)
    def undo_merge_view(self, request, revision_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(merge_revisions(self.model), pk=revision_id)
        try:
            result = undo_merge(revision, user=request.user)
        except MergeError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                f"已撤销“{revision.comment}”：恢复 {result.restored} 行，"
                f"重建 {result.stories} 篇报道的检索。",
                messages.SUCCESS,
            )
        return redirect(self._merges_url())

    def get_search_results(self, request, queryset, search_term):
        if request.path == reverse(f"{self.admin_site.name}:autocomplete"):
            queryset = queryset.filter(merged_into=None)
        return super().get_search_results(request, queryset, search_term)
