from django import forms


def bootstrap(form) -> None:
    """Give a form's widgets Bootstrap 5 classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class FieldsetsMixin:
    """A form laid out in groups, as the official form it reproduces: ``fieldsets = [(legend, [field names])]``
    (a class attribute, or set in ``__init__``). ``core/includes/form_fields.html`` renders the groups in order with
    their legends; fields missing from the form are skipped and fields in no group come last, under
    ``other_legend``."""

    fieldsets: list = []
    other_legend = None

    @property
    def fieldset_groups(self):
        if not self.fieldsets:
            return []
        groups, seen = [], set()
        for legend, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields and not self[name].is_hidden]
            seen.update(names)
            if fields:
                groups.append((legend, fields))
        rest = [f for f in self.visible_fields() if f.name not in seen]
        if rest:
            groups.append((self.other_legend or "", rest))
        return groups
