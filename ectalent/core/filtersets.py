import hashlib
import json

import django_filters
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .forms import bootstrap
from .widgets import fast_selects

FILTER_CARD_TTL = 300  # seconds a rendered filter form is reused (it depends on the scope, the query and the language)


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
            fast_selects(form)
            form._styled = True
        return form

    def card_html(self) -> str:
        """The filter form's fields as ``core/includes/filter_fields.html`` renders them, cached per scope, query and
        language: the same form for the same officials and query is rendered once, not on every page."""
        from .counts import scope_key

        request = self.request
        user = getattr(request, "user", None)
        query = {k: v for k, v in (self.data.lists() if hasattr(self.data, "lists") else {}) if k != "page"}
        digest = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:20]
        key = f"ectalent:filter-card:{type(self).__module__}.{type(self).__name__}:{scope_key(user)}:{get_language()}:{digest}"
        html = cache.get(key)
        if html is None:
            html = render_to_string("core/includes/filter_fields.html", {"filter": self})
            cache.set(key, html, FILTER_CARD_TTL)
        return html
