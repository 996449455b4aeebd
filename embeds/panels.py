"""The "embed code" helper in the page editor: on topic and position pages, the promote tab
shows the snippets that put this item on a member website, ready to copy.

The content apps know nothing of embeds (they come first in the dependency order), so this
app adds its panel to their promote tabs when it is installed, before any edit form is built.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import Panel

from frontend_api.links import absolute
from frontend_api.localisation import default_language_code


@dataclass(frozen=True)
class Snippet:
    label: str
    code: str


def script_tag() -> str:
    return f'<script src="{absolute(reverse("embeds:script"))}" defer></script>'


def element(name: str, **attributes) -> str:
    attrs = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f"<{name}{attrs}></{name}>"


def iframe(url_name: str, title: str, query: dict, *args) -> str:
    url = absolute(reverse(f"embeds:{url_name}", args=args))
    if query:
        url += "?" + urlencode(query)
    return (
        f'<iframe src="{url}" title="{title}" width="100%" height="600" loading="lazy" '
        'style="border:0"></iframe>'
    )


def snippets_for(page) -> list[Snippet]:
    """The snippets for ``page`` (a topic or a position) in its language."""
    from home.models import TopicPage

    locale = page.locale.language_code
    language = {} if locale == default_language_code() else {"locale": locale}
    title = page.title.replace('"', "'")
    if isinstance(page.specific, TopicPage):
        topic = {"topic": page.slug, **language}
        feed = absolute(reverse("embeds:positions-feed")) + "?" + urlencode(topic)
        return [
            Snippet(
                _("Topic (script)"),
                f"{script_tag()}\n{element('liga-topic', slug=page.slug, **language)}",
            ),
            Snippet(
                _("Positions of this topic (script)"),
                f"{script_tag()}\n{element('liga-positions', **topic)}",
            ),
            Snippet(
                _("Contact people of this topic (script)"),
                f"{script_tag()}\n{element('liga-contacts', **topic)}",
            ),
            Snippet(
                _("Topic without script (iframe)"), iframe("topic", title, language, page.slug)
            ),
            Snippet(_("Atom feed of this topic's positions"), feed),
        ]
    own = {"slug": page.slug, **language}
    return [
        Snippet(_("Position (script)"), f"{script_tag()}\n{element('liga-positions', **own)}"),
        Snippet(_("Position without script (iframe)"), iframe("positions", title, own)),
    ]


class EmbedCodePanel(Panel):
    """Read-only snippets for the edited page; shown once the page exists (has a slug)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "embeds/admin/embed_code_panel.html"

        def is_shown(self):
            return bool(self.instance is not None and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["snippets"] = snippets_for(self.instance)
            return context


def add_embed_code_panels() -> None:
    """Append the panel to the promote tab of topic and position pages (once)."""
    from home.models import TopicPage
    from positions.models import PositionPage

    for model in (TopicPage, PositionPage):
        if not any(isinstance(panel, EmbedCodePanel) for panel in model.promote_panels):
            model.promote_panels = [
                *model.promote_panels,
                EmbedCodePanel(heading=gettext_lazy("Embed code")),
            ]
