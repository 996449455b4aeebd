"""The page chooser opens at „Themen“ when a topic is chosen.

Wagtail starts a chooser without a current value at the highest common ancestor of all pages
of the wanted type. Once topics exist in a second language that ancestor is the tree's root,
and an editor needs four clicks (root, site, „Themen“, topic) for every topic of a position.
Choosing only topics, the chooser now starts at the topic index of the admin's language (the
default language's when that one has none); browsing up, searching and every other chooser
are unchanged.
"""

from wagtail.admin.views.chooser import BrowseView
from wagtail.coreutils import resolve_model_string
from wagtail.models import Locale

from home.models import TopicIndexPage, TopicPage


def chooses_only_topics(page_type: str) -> bool:
    try:
        models = {resolve_model_string(name) for name in page_type.split(",") if name}
    except (LookupError, ValueError):
        return False
    return models == {TopicPage}


def topic_index_id() -> int | None:
    """The topic index of the active language, else of the default one."""
    indexes = dict(TopicIndexPage.objects.values_list("locale_id", "pk"))
    for locale in (Locale.get_active(), Locale.get_default()):
        if locale.pk in indexes:
            return indexes[locale.pk]
    return next(iter(indexes.values()), None)


class TopicChooserBrowseView(BrowseView):
    def get(self, request, parent_page_id=None):
        if parent_page_id is None and chooses_only_topics(request.GET.get("page_type", "")):
            parent_page_id = topic_index_id()
        return super().get(request, parent_page_id)
