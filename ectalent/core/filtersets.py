import django_filters
from django.utils.translation import gettext_lazy as _

from .forms import bootstrap


class PlatformFilterSet(django_filters.FilterSet):
    """Every list's FilterSet: Bootstrap-styled widgets and “全部” as the empty choice."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                if hasattr(field, "empty_label") and field.empty_label is not None:
                    field.empty_label = _("全部")
            bootstrap(form)
            form._styled = True
        return form
