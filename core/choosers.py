"""Snippet choosers whose button texts follow the admin language of each request.

Wagtail's ``AdminSnippetChooser`` formats "Choose %(object)s", "Choose another %(object)s"
and "Edit this %(object)s" when the widget is made, and the admin's form class (with its
widgets) is made once per process, in whatever language the first request had. An English
admin's request first, and every German editor saw "Choose member organisation". Here the
texts are translated when the widget is rendered.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


def _format(text: str, name) -> str:
    return gettext(text) % {"object": name}


format_later = lazy(_format, str)


class SnippetChooser(AdminSnippetChooser):
    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        name = self.model._meta.verbose_name  # lazy: translated when rendered, too
        self.choose_one_text = format_later("Choose %(object)s", name)
        self.choose_another_text = format_later("Choose another %(object)s", name)
        self.link_to_chosen_text = format_later("Edit this %(object)s", name)


class TranslatedSnippetChooserViewSet(SnippetChooserViewSet):
    """``chooser_viewset_class`` of the snippet viewsets: their choosers are ``SnippetChooser``."""

    base_widget_class = SnippetChooser
