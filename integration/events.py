"""The change log, written from the model layer.

Wagtail sends ``page_published``/``page_unpublished`` for pages and ``published``/
``unpublished`` for snippets with drafts from its publish and unpublish actions, whoever runs
them: the admin, the importer, the scheduler's tick (``ops.tasks``), a shell. The receivers
here write the ``ChangeEvent`` and its webhook deliveries with the same database connection,
inside the transaction that publishes (the admin's views, the importer and the tick each
publish in one), so the content and its events commit or roll back together. A delete counts
as unpublishing.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from contacts.models import Contact, MemberOrganisation
from core.visibility import publicly_visible
from home.models import TopicContact, TopicPage
from integration.models import ChangeEvent
from integration.outbox import queue_deliveries
from positions.models import PositionPage, PositionTopic

# The API's name for each kind of content whose changes are logged.
OBJECT_TYPES = {
    PositionPage: "position",
    TopicPage: "topic",
    Contact: "contact",
    MemberOrganisation: "organisation",
}
# Their detail endpoints (``frontend_api`` URL names) and what identifies an item there.
DETAIL_ROUTES = {
    "position": ("positions-detail", "slug"),
    "topic": ("topics-detail", "slug"),
    "contact": ("contacts-detail", "pk"),
    "organisation": ("organisations-detail", "key"),
}


def object_type_of(instance) -> str | None:
    return OBJECT_TYPES.get(type(instance))


def topic_keys(instance, object_type: str) -> list[str]:
    """Translation keys of the topics ``instance`` belongs to (one query)."""
    if object_type == "topic":
        return [str(instance.translation_key)]
    if object_type == "position":
        keys = PositionTopic.objects.filter(position_id=instance.pk).values_list(
            "topic__translation_key", flat=True
        )
    elif object_type == "contact":
        # A topic links the contact of its source language: match the person by key.
        keys = TopicContact.objects.filter(
            contact__translation_key=instance.translation_key
        ).values_list("page__translation_key", flat=True)
    else:
        return []
    return [str(key) for key in keys]


def links_of(instance, object_type: str, locale_code: str) -> dict:
    """``url`` (public page, pages only) and ``api_url`` of ``instance`` as it is now."""
    # Imported here: the API's URL helpers import the content models this module loads with.
    from frontend_api.links import api_url, locale_query
    from frontend_api.richtext import page_public_url

    name, attribute = DETAIL_ROUTES[object_type]
    identity = getattr(instance, attribute)
    return {
        "url": page_public_url(instance) if object_type in ("position", "topic") else None,
        "api_url": api_url(name, identity, query=locale_query(locale_code)),
    }


def is_public(instance, object_type: str) -> bool:
    """Whether the API may show ``instance`` now (pages: public, not private or expired)."""
    if object_type in ("position", "topic"):
        return publicly_visible(type(instance).objects.filter(pk=instance.pk)).exists()
    return True


def record(instance, published: bool, deleted: bool = False) -> ChangeEvent | None:
    """Log that ``instance`` was published or unpublished, and queue its webhooks."""
    object_type = object_type_of(instance)
    if object_type is None or getattr(instance, "alias_of_id", None):
        # wagtail-localize's aliases are German pages under another locale: the API never
        # shows them, so their publishing is no change of public content.
        return None
    if published and not is_public(instance, object_type):
        # A private page went live: for the public it is (still) not there.
        published = False
    locale_code = (
        Locale.objects.filter(pk=instance.locale_id).values_list("language_code", flat=True).first()
        or ""
    )
    links = (
        {"url": None, "api_url": None} if deleted else links_of(instance, object_type, locale_code)
    )
    event = ChangeEvent.objects.create(
        event_type=f"{object_type}.{'published' if published else 'unpublished'}",
        object_type=object_type,
        object_id=instance.pk,
        translation_key=instance.translation_key,
        locale=locale_code,
        slug=getattr(instance, "slug", None) or getattr(instance, "key", ""),
        url=links["url"] or "",
        api_url=links["api_url"] or "",
        topic_keys=[] if deleted else topic_keys(instance, object_type),
    )
    queue_deliveries(event)
    return event


@receiver(page_published, dispatch_uid="integration_page_published")
def on_page_published(sender, instance, **kwargs):
    record(instance, published=True)


@receiver(page_unpublished, dispatch_uid="integration_page_unpublished")
def on_page_unpublished(sender, instance, **kwargs):
    record(instance, published=False)


# Wagtail sends these for pages too, next to the page signals above: snippets only here.
@receiver(published, dispatch_uid="integration_published")
def on_published(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        record(instance, published=True)


@receiver(unpublished, dispatch_uid="integration_unpublished")
def on_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        record(instance, published=False)


def on_deleted(sender, instance, origin=None, **kwargs):
    if instance.live:
        record(instance, published=False, deleted=True)


for model in OBJECT_TYPES:
    post_delete.connect(on_deleted, sender=model, dispatch_uid=f"integration_deleted_{model}")
