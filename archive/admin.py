"""Admin behaviour shared by every app: editors' changes are recorded as theirs, alias search,
and the admin site's own name."""

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist
from django.db.models import JSONField
from django.db.models.fields.json import JSONIContains
from django.forms.models import BaseInlineFormSet


class EscapedJSONIContains(JSONIContains):
    """`icontains` on a JSON column as SQLite stores it, with non-ASCII text escaped.

    Django writes JSON with json.dumps' ASCII escapes, so SQLite holds 花乡 as "\\u82b1\\u4e61"
    and a plain `icontains` never finds Chinese there; PostgreSQL's jsonb keeps the
    characters. Searching for the escaped spelling as well finds the row on both databases.
    The class keeps the name "icontains", by which the backends choose operator and casts.
    """

    def get_prep_lookup(self):
        return json.dumps(str(self.rhs))[1:-1]


JSONField.register_lookup(EscapedJSONIContains, lookup_name="escaped_icontains")

admin.site.site_header = "社区抗疫一线档案 · 编辑工作台"
admin.site.site_title = "社区抗疫一线档案"
admin.site.index_title = "编辑工作台"


class AliasSearchMixin:
    """Lets `search_fields` that name a JSON list (aliases, former names, titles) find
    Chinese names on SQLite too, by adding an `escaped_icontains` search of each."""

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        return fields + [f"{name}__escaped_icontains" for name in fields if self._is_json(name)]

    def _is_json(self, search_field):
        if search_field[0] in "^=@":
            return False
        try:
            return isinstance(get_fields_from_path(self.model, search_field)[-1], JSONField)
        except FieldDoesNotExist:
            return False


class LinesField(forms.Field):
    """A JSON list of short strings (titles, former names) edited one item per line."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 40})

    def prepare_value(self, value):
        return "\n".join(map(str, value)) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class ListFieldsMixin:
    """Edits every JSON list field of the model as lines, not as JSON."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, JSONField) and db_field.default is list:
            return LinesField(
                label=db_field.verbose_name,
                required=not db_field.blank,
                help_text=db_field.help_text or "每行一项。",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CuratedAdmin(ListFieldsMixin, AliasSearchMixin, admin.ModelAdmin):
    """Marks every field an editor changes as editor-owned, so a re-import keeps it.

    Rows created in the admin are editor-made by the model's default origin. The
    importer's provenance fields are shown read-only.
    """

    readonly_fields = ["origin", "editor_fields", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.mark_edited(field for field in form.changed_data if field != "is_verified")
        super().save_model(request, obj, form, change)


class ListRowsFormSet(BaseInlineFormSet):
    """Rows of a list that belongs to its parent as a whole: a story's bylines and text
    dates, a person's or organisation's aliases. Any change to them marks the list (the
    relation's name) among the parent's `editor_fields`, so a re-import keeps it whole."""

    def save(self, commit=True):
        saved = super().save(commit)
        mark = self.fk.remote_field.related_name
        if self.has_changed() and self.instance.mark_edited([mark]):
            self.instance.save(update_fields=["editor_fields", "updated_at"])
        return saved


class ListRowsInline(admin.TabularInline):
    """A list edited as rows, one item per row (not as JSON): add, correct, delete."""

    formset = ListRowsFormSet
    extra = 0


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows its chosen option from an object already loaded.

    Django's AutocompleteSelect fetches its selected option with one query per widget, so
    an inline with four autocompletes costs four queries per row. `PreloadedForm` hands each
    widget the related object its row holds; without one it falls back to Django's query.
    """

    selected = None

    def optgroups(self, name, value, attr=None):
        selected = self.selected
        key = None if selected is None else getattr(selected, self.field.target_field.attname)
        if key is None or list(value) != [str(key)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(selected)
        options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedForm(forms.ModelForm):
    """Gives each PreloadedAutocompleteSelect the related object of the row being edited.

    Use it with a queryset that select_related()s those fields, or every row still costs a
    query per field (now here instead of in the widget).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the "+" wrapper
            if isinstance(widget, PreloadedAutocompleteSelect):
                widget.selected = getattr(self.instance, name)


class PreloadedAutocompleteMixin:
    """For an inline whose rows show autocompletes: one query per page, not per row."""

    form = PreloadedForm

    def get_queryset(self, request):
        fields = self.get_autocomplete_fields(request)
        return super().get_queryset(request).select_related(*fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
