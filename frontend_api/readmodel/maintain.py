"""Keeping the read model in step with the content.

Every change the API could show (Wagtail's publish, unpublish and move signals; saves and
deletes of pages, their links, contacts, organisations, images, renditions, documents,
sign-offs) notes what changed in a per-thread *pending* set. The set is rendered

- when the transaction that made the change commits (the admin, the importer, the worker:
  the published item is served from its new entry a moment after the commit), and
- before the API reads entries in the same thread (a change not yet committed, as in a test
  or a shell session inside ``atomic``, is seen by the code that made it).

Noting is cheap and a publish notes the same page several times (the page, each of its
links): the set renders each object once. Rendering is idempotent: it makes an entry match
the database, so an object noted in a transaction that was rolled back renders unchanged.

What a change reaches beyond itself is worked out when the set is rendered: an image reaches
the entries that show it, a page the entries whose rich text links it and, when its URL
changed, the entries below it. View restrictions (page or collection) are rendered at once,
inside the transaction that changes them: privacy never waits for a commit.

A render that fails after the commit is retried by the worker (``frontend_api.tasks``).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from frontend_api import surrogate
from frontend_api.models import Entry, EntryLink

# A save that changes only revision bookkeeping changes nothing public (the CDN purge's rule).
from frontend_api.purge import BOOKKEEPING_FIELDS
from frontend_api.readmodel import store
from frontend_api.readmodel.render import RENDERED_SETTINGS

logger = logging.getLogger(__name__)

ENTRY_KINDS = {surrogate.POSITION, surrogate.TOPIC, surrogate.CONTACT, surrogate.ORGANISATION}
# Link rows whose change re-renders the page that owns them: (label, owner field, kind).
LINK_MODELS = {
    "positions.positiontopic": ("position_id", surrogate.POSITION),
    "positions.positioncontact": ("position_id", surrogate.POSITION),
    "positions.positionorganisation": ("position_id", surrogate.POSITION),
    "home.topiccontact": ("page_id", surrogate.TOPIC),
    "cosigning.signoff": ("position_id", "signoff"),
}
# Whose change may reach every entry: re-render them all.
EVERYTHING = ("wagtailcore.site", "wagtailcore.locale")
PRIVACY = ("wagtailcore.pageviewrestriction", "wagtailcore.collectionviewrestriction")

_local = threading.local()
# While ``migrate`` runs, the tables may not exist yet: changes only mark that the entries
# must be rendered anew once it is done (``store.ensure_current``).
migration = {"running": False, "changed": False}


def pending() -> set[tuple[str, object]]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending


def note(kind: str, identity=None) -> None:
    """Note a change; it is rendered on commit (or before the next read in this thread)."""
    if migration["running"]:
        migration["changed"] = True
        return
    pending().add((kind, identity))
    transaction.on_commit(flush_after_commit, robust=True)


def forget_pending() -> None:
    """Drop what is noted (tests start each one clean)."""
    pending().clear()


def flush() -> None:
    """Render everything noted so far (nothing to do when nothing is: no query)."""
    items = pending()
    if not items:
        return
    noted = set(items)
    items.clear()
    try:
        with transaction.atomic():
            render_changes(noted)
    except Exception:
        items |= noted  # tried again on the next flush
        raise


def flush_after_commit() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001 - the change is committed; the worker renders it
        logger.exception("API entries not rendered after a change; the worker retries.")
        from frontend_api.tasks import render_pending

        retry = [list(item) for item in pending()]
        forget_pending()
        render_pending.enqueue(retry)


def render_changes(noted) -> None:
    """Render the entries that the noted changes reach."""
    if any(kind == "everything" for kind, _ in noted):
        store.rebuild()
        return
    targets = {kind: set() for kind in ENTRY_KINDS}
    for kind, identity in noted:
        if kind in ENTRY_KINDS:
            targets[kind].add(identity)
    reached = Entry.objects.none()
    images = {identity for kind, identity in noted if kind == surrogate.IMAGE}
    documents = {identity for kind, identity in noted if kind == surrogate.DOCUMENT}
    pages = {identity for kind, identity in noted if kind == "page"}
    signoffs = {identity for kind, identity in noted if kind == "signoff"}
    if images:
        reached |= Entry.objects.filter(links__rel=surrogate.IMAGE, links__object_id__in=images)
    if documents:
        reached |= Entry.objects.filter(
            links__rel=surrogate.DOCUMENT, links__object_id__in=documents
        )
    if pages:
        reached |= pages_reach(pages)
    if signoffs:
        reached |= Entry.objects.filter(
            kind=surrogate.POSITION,
            translation_key__in=Entry.objects.filter(
                kind=surrogate.POSITION, object_id__in=signoffs
            ).values("translation_key"),
        )
        targets[surrogate.POSITION] |= signoffs
    for kind, object_id in reached.values_list("kind", "object_id").distinct():
        targets[kind].add(object_id)
    for kind, object_ids in targets.items():
        if object_ids:
            store.render(kind, object_ids)


def pages_reach(page_ids):
    """Entries that show something of these pages beyond the page itself: rich-text links to
    them (or to a translation of them), and entries below a page whose URL changed."""
    from wagtail.models import Page

    rows = list(
        Page.objects.filter(pk__in=page_ids).values_list("translation_key", "path", "url_path")
    )
    reached = Entry.objects.filter(
        links__rel="page", links__key__in=[key for key, _, _ in rows]
    ) | Entry.objects.filter(links__rel="page", links__object_id__in=page_ids)
    for _key, path, url_path in rows:
        reached |= Entry.objects.filter(path__startswith=path).exclude(
            url_path__startswith=url_path
        )
    return reached


def render_privacy() -> None:
    """A view restriction changed: re-render every entry with an image, a document or a page
    link, and re-mark the restricted pages, inside the changing transaction."""
    from wagtail.models import PageViewRestriction

    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    with transaction.atomic():
        Entry.objects.exclude(path="").update(restricted=False)
        EntryLink.objects.filter(restricted=True).update(restricted=False)
        for path in restricted:
            Entry.objects.filter(path__startswith=path).update(restricted=True)
            EntryLink.objects.filter(entry__path__startswith=path).update(restricted=True)
        reached = Entry.objects.filter(
            links__rel__in=(surrogate.IMAGE, surrogate.DOCUMENT, "page")
        ).values_list("kind", "object_id")
        by_kind = {}
        for kind, object_id in reached.distinct():
            by_kind.setdefault(kind, set()).add(object_id)
        for kind, object_ids in by_kind.items():
            store.render(kind, object_ids)


# --- receivers -------------------------------------------------------------------------------


def kind_of_page(page) -> str | None:
    return (
        surrogate.KINDS.get(page.specific_class._meta.label_lower) if page.specific_class else None
    )


def note_page(page) -> None:
    kind = kind_of_page(page)
    if kind in ENTRY_KINDS:
        note(kind, page.pk)
    note("page", page.pk)


def on_page_signal(sender, instance, **kwargs) -> None:
    note_page(instance)


def on_save_or_delete(sender, instance, **kwargs) -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    label = sender._meta.label_lower
    if isinstance(instance, Page):
        note_page(instance)
    elif label in LINK_MODELS:
        owner_field, kind = LINK_MODELS[label]
        note(kind, getattr(instance, owner_field))
    elif surrogate.KINDS.get(label) in ENTRY_KINDS:
        note(surrogate.KINDS[label], instance.pk)
    elif issubclass(sender, get_image_model()):
        note(surrogate.IMAGE, instance.pk)
    elif issubclass(sender, get_image_model().get_rendition_model()):
        note(surrogate.IMAGE, instance.image_id)
    elif issubclass(sender, get_document_model()):
        note(surrogate.DOCUMENT, instance.pk)
    elif label in EVERYTHING:
        note("everything")
    elif label in PRIVACY or label == "wagtailcore.collection":
        if migration["running"]:
            migration["changed"] = True
        else:
            render_privacy()


def on_groups_changed(sender, instance, **kwargs) -> None:
    if instance._meta.label_lower in PRIVACY and not migration["running"]:
        render_privacy()


def migration_started(**kwargs) -> None:
    migration["running"] = True


def on_setting_changed(setting, **kwargs) -> None:
    """A setting that goes into the stored text changed (tests override them): render
    everything anew before the next read."""
    if setting in RENDERED_SETTINGS:
        # Noted without waiting for a commit (a settings change is not one, and may come
        # without any database): rendered on the next read or commit.
        pending().add(("everything", None))


def on_scheduler_tick(**kwargs) -> None:
    if not store.is_current():
        store.ensure_current()


def connect_signals() -> None:
    from django.core.signals import setting_changed
    from django.db.models.signals import pre_migrate
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from ops.signals import scheduler_ticked

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_page_signal, dispatch_uid=f"readmodel_{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(on_save_or_delete, dispatch_uid=f"readmodel_{id(signal)}")
    m2m_changed.connect(on_groups_changed, dispatch_uid="readmodel_m2m")
    pre_migrate.connect(migration_started, dispatch_uid="readmodel_pre_migrate")
    setting_changed.connect(on_setting_changed, dispatch_uid="readmodel_setting_changed")
    scheduler_ticked.connect(on_scheduler_tick, dispatch_uid="readmodel_scheduler_tick")
