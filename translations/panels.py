"""The dashboard panel „Zu übersetzen“: per locale, how much is waiting."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from translations import worklist


class WorklistPanel(Component):
    name = "translations_worklist"
    title = _("To translate")
    order = 90
    template_name = "translations/panels/worklist.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = worklist.worklist(list(worklist.target_locales()))
        context["counts"] = worklist.counts(rows)
        return context
