"""Routes of the embeds: include at the site root, before Wagtail's page catch-all.

``embed/v1/`` is versioned like the API: the script and the pages keep their contract under
this prefix, and an incompatible change gets ``v2``.
"""

from django.urls import path, re_path

from embeds.feeds import PositionsFeed
from embeds.views import (
    ContactsEmbed,
    PositionsEmbed,
    TopicEmbed,
    embed_script,
    versioned_embed_script,
)

app_name = "embeds"

urlpatterns = [
    path("embed/v1/liga-embed.js", embed_script, name="script"),
    re_path(
        r"^embed/v1/liga-embed\.(?P<digest>[0-9a-f]{12})\.js$",
        versioned_embed_script,
        name="versioned-script",
    ),
    path("embed/v1/positions/", PositionsEmbed.as_view(), name="positions"),
    path("embed/v1/topics/<str:slug>/", TopicEmbed.as_view(), name="topic"),
    path("embed/v1/contacts/", ContactsEmbed.as_view(), name="contacts"),
    path("feeds/positions/", PositionsFeed.as_view(), name="positions-feed"),
]
