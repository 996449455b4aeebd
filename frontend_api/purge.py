"""Which surrogate keys a change affects (the other half of ``frontend_api.surrogate``).

A change of an item purges its item key and its collection key: every response that showed
or linked the item, and every list of its type, which it may now join, leave or reorder.
Only one relation is owned by the other side: a topic names its contact people, and a
contact's response lists the topics naming it; so a topic's change also purges its contacts
(those it no longer names showed it, and carry its key already).

Changes to the site's structure (any other page published, or moved with its subtree; a page
or collection view restriction; a site, locale or collection) purge everything: they are
rare, and their reach (every URL below a page, every image in a collection) is wide.

The keys retire the API's cached responses that carry them (``frontend_api.cache``) and are
sent with ``surrogate.keys_changed`` inside the transaction; ``ops.cdn`` purges them once it
commits. Wagtail's signals are used, so the admin, the importer, the scheduler and
a shell all purge. Only live content counts: drafts and revisions change nothing public.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from frontend_api import cache, surrogate

# What a model's save changes only in its revision bookkeeping (saving a draft, locking).
BOOKKEEPING_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)
# A collection moved below a private one makes its images and documents private.
STRUCTURE = (Site, Locale, Collection, CollectionViewRestriction, PageViewRestriction)


def everything() -> set[str]:
    """Keys that together name every cached response: every response carries the key of its
    language, and ``locales/`` its own."""
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    codes |= set(Locale.objects.values_list("language_code", flat=True))
    return {surrogate.LOCALES} | {surrogate.locale_key(code) for code in codes}


def kind_of_model(model) -> str | None:
    return surrogate.KINDS.get(model._meta.label_lower)


def item_keys(kind: str, identity) -> set[str]:
    return {surrogate.item_key(kind, identity), surrogate.COLLECTIONS[kind]}


def page_keys(model, page) -> set[str]:
    """The keys of a topic or position page (``page`` may be its base ``Page``); everything
    for any other page, whose slug or state reaches every page below it."""
    kind = kind_of_model(model)
    if kind not in (surrogate.TOPIC, surrogate.POSITION):
        return everything()
    keys = item_keys(kind, page.translation_key)
    if kind == surrogate.TOPIC:
        from home.models import TopicContact

        contacts = TopicContact.objects.filter(page_id=page.pk).values_list(
            "contact__translation_key", flat=True
        )
        keys |= {surrogate.item_key(surrogate.CONTACT, key) for key in contacts}
    return keys


def changed(keys: set[str]) -> None:
    """Announce ``keys``: the API's response cache first (its stamps are set on commit before
    anyone hears of it), then the receivers of ``keys_changed`` (the CDN)."""
    if keys:
        cache.keys_changed(keys)
        surrogate.keys_changed.send(sender=None, keys=frozenset(keys))


# --- receivers -------------------------------------------------------------------------------


def on_page_published_or_unpublished(sender, instance, **kwargs) -> None:
    changed(page_keys(sender, instance))


def on_page_moved(sender, instance, **kwargs) -> None:
    if kwargs.get("url_path_before") == kwargs.get("url_path_after"):
        return  # reordered among its siblings: no URL changed
    # Every page below it has a new URL too.
    changed(everything() if instance.numchild else page_keys(sender, instance))


def on_save(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if isinstance(instance, Page):
        # Published pages announce themselves (page_published); a page created live without
        # a revision (``add_child`` of a live page, as factories and importers do) does not.
        if created and instance.live and kind_of_model(sender):
            changed(page_keys(sender, instance))
        return
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    if created and getattr(instance, "live", True) is False:
        return  # a new draft (a contact or organisation): nothing public yet
    changed(model_keys(sender, instance))


def on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        # A subtree is deleted page by page: each topic and position names itself; other
        # pages show nothing of their own.
        if kind_of_model(sender):
            changed(page_keys(sender, instance))
        return
    changed(model_keys(sender, instance))


def on_restriction_groups_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, BaseViewRestriction):
        changed(everything())


def model_keys(model, instance) -> set[str]:
    """The keys of a saved or deleted object other than a page (none if the API shows
    nothing of it)."""
    kind = kind_of_model(model)
    if kind is not None:
        return item_keys(kind, instance.translation_key)
    if issubclass(model, get_image_model()):
        return item_keys(surrogate.IMAGE, instance.pk)
    if issubclass(model, get_image_model().get_rendition_model()):
        return item_keys(surrogate.IMAGE, instance.image_id)
    if issubclass(model, get_document_model()):
        return item_keys(surrogate.DOCUMENT, instance.pk)
    if issubclass(model, STRUCTURE):
        return everything()
    return set()


def connect_signals() -> None:
    """Send the keys of every change (from ``AppConfig.ready``).

    Connected after the content apps' receivers (``core`` makes an image's renditions on
    commit): on commit, the renditions exist and the response cache is retired before the
    purge is enqueued, so the CDN's next request never gets an old response.
    """
    for signal in (page_published, page_unpublished):
        signal.connect(on_page_published_or_unpublished, dispatch_uid=f"cdn_{id(signal)}")
    post_page_move.connect(on_page_moved, dispatch_uid="cdn_post_page_move")
    post_save.connect(on_save, dispatch_uid="cdn_post_save")
    post_delete.connect(on_delete, dispatch_uid="cdn_post_delete")
    m2m_changed.connect(on_restriction_groups_changed, dispatch_uid="cdn_m2m_changed")
