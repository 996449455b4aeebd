"""Prefetches shared by the topic and position endpoints."""

from django.db.models import Prefetch

from frontend_api.serializers.contacts import prefetch_visible_topic_links
from frontend_api.serializers.media import prefetch_image_renditions


def prefetch_contact_links(link_model, to_attr: str, visible_topics) -> Prefetch:
    """The published contact people of a page (``contact_links``) in the editor's order,
    with organisation, photo, renditions and their own visible topics, in a fixed number of
    queries whatever the number of pages or contacts."""
    links = (
        link_model.objects.filter(contact__live=True)
        .select_related("contact__organisation__logo", "contact__photo")
        .prefetch_related(
            prefetch_image_renditions("contact__photo"),
            prefetch_image_renditions("contact__organisation__logo"),
            prefetch_visible_topic_links(visible_topics, "contact__topic_links"),
        )
        .order_by("sort_order", "pk")
    )
    return Prefetch("contact_links", queryset=links, to_attr=to_attr)
