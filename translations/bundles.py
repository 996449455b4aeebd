"""A topic with what belongs to it: its positions and the contact people of both.

Translators get a topic's whole field of work in one step instead of submitting a dozen pages
and snippets one by one. wagtail-localize's own submission follows links to translatable
snippets only, and a position links its topic (not the other way round), so this collects
them here.
"""

from django.db import transaction
from wagtail_localize.operations import TranslationCreator


def topic_bundle(topic) -> list:
    """The topic, its positions (newest first; drafts too, translators may work ahead) and
    the contact people of all of them, each once, in that order."""
    from contacts.models import Contact

    positions = list(
        topic.position_links.model._meta.get_field("position")
        .related_model.objects.filter(topic_links__topic=topic, locale_id=topic.locale_id)
        .order_by("-published", "pk")
        .distinct()
    )
    contact_ids = set(topic.contact_links.values_list("contact_id", flat=True))
    for position in positions:
        contact_ids |= set(position.contact_links.values_list("contact_id", flat=True))
    contacts = list(Contact.objects.filter(pk__in=contact_ids).order_by("family_name", "pk"))
    return [topic, *positions, *contacts]


@transaction.atomic
def submit_topic_bundle(topic, locales, user) -> list:
    """Submit the bundle for translation into ``locales``; returns the objects submitted.
    Each becomes a draft translation (never live before it is translated)."""
    creator = TranslationCreator(user, locales)
    objects = topic_bundle(topic)
    for instance in objects:
        creator.create_translations(instance)
    return objects
