"""Routes of the embeds: include at the site root, before Wagtail's page catch-all.

``embed/v1/`` is versioned like the API: the script and the pages keep their contract under
this prefix, and an incompatible change gets ``v2``.
"""

from django.urls import path

from embeds.feeds import PositionsFeed
from embeds.views import ContactsEmbed, PositionsEmbed, TopicEmbed, embed_script

app_name = "embeds"

urlpatterns = [
    path("embed/v1/liga-embed.js", embed_script, name="script"),
    path("embed/v1/positions/", PositionsEmbed.as_view(), name="positions"),
    path("embed/v1/topics/<str:slug>/", TopicEmbed.as_view(), name="topic"),
    path("embed/v1/contacts/", ContactsEmbed.as_view(), name="contacts"),
    path("feeds/positions/", PositionsFeed.as_view(), name="positions-feed"),
]
