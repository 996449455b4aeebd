"""Writing rendered entries: each object's entry replaced as a whole, with its links."""

from __future__ import annotations

import logging

from django.db import transaction

from frontend_api.models import Entry, EntryLink, EntrySchema
from frontend_api.readmodel.render import Rendered, render_signature
from frontend_api.readmodel.renderers import RENDERERS
from frontend_api.readmodel.search import store_vectors

logger = logging.getLogger(__name__)
BATCH = 500


def delete(entries) -> None:
    """Delete ``entries`` and their links in two statements.

    ``QuerySet.delete`` loads every row to send delete signals when any receiver listens to
    all models (the CDN purge and the response cache do): for 100,000 entries with their
    text that is most of a rebuild. Nothing listens to entries, so the rows are deleted
    directly, links first (the foreign key is checked at commit on PostgreSQL).
    """
    using = entries.db
    EntryLink.objects.filter(entry__in=entries.values("pk"))._raw_delete(using)
    entries._raw_delete(using)


def store(kind: str, object_ids, rendered: list[Rendered]) -> None:
    """Make the entries of ``object_ids`` exactly ``rendered``: an object that rendered
    nothing (unpublished, deleted, an alias) loses its entry."""
    with transaction.atomic():
        delete(Entry.objects.filter(kind=kind, object_id__in=list(object_ids)))
        entries = Entry.objects.bulk_create(
            [
                Entry(
                    kind=item.kind,
                    object_id=item.object_id,
                    translation_key=item.translation_key,
                    locale_id=item.locale_id,
                    slug=item.slug,
                    title=item.title,
                    subtitle=item.subtitle,
                    category=item.category,
                    published=item.published,
                    path=item.path,
                    url_path=item.url_path,
                    expire_at=item.expire_at,
                    restricted=item.restricted,
                    refresh_after=item.refresh_after,
                    data=item.data,
                    body=item.body,
                    refs=item.refs,
                    summary=item.summary,
                    keys=" ".join(sorted(item.keys)),
                    body_keys=" ".join(sorted(item.body_keys - item.keys)),
                    version=item.version,
                )
                for item in rendered
            ]
        )
        EntryLink.objects.bulk_create(
            [
                EntryLink(
                    entry=entry,
                    kind=entry.kind,
                    locale_id=entry.locale_id,
                    restricted=entry.restricted,
                    expire_at=entry.expire_at,
                    rel=rel,
                    key=key,
                    object_id=object_id,
                )
                for entry, item in zip(entries, rendered, strict=True)
                for rel, key, object_id in dict.fromkeys(item.links)
            ]
        )
        store_vectors(
            (entry.pk, item.search) for entry, item in zip(entries, rendered, strict=True)
        )


def render(kind: str, object_ids) -> None:
    """Render the entries of ``object_ids`` (of ``kind``) again, in batches."""
    object_ids = sorted(set(object_ids))
    for start in range(0, len(object_ids), BATCH):
        chunk = object_ids[start : start + BATCH]
        store(kind, chunk, RENDERERS[kind](chunk))


def rebuild(progress=None) -> dict[str, int]:
    """Render every entry anew (``manage.py rebuild_api_entries``; after a release that
    changes what the API shows). Returns the number of entries per kind."""
    from contacts.models import Contact, MemberOrganisation
    from home.models import TopicPage
    from positions.models import PositionPage

    sources = {
        "organisation": MemberOrganisation.objects.filter(live=True),
        "contact": Contact.objects.filter(live=True),
        "topic": TopicPage.objects.filter(live=True, alias_of__isnull=True),
        "position": PositionPage.objects.filter(live=True, alias_of__isnull=True),
    }
    counts = {}
    with transaction.atomic():
        delete(Entry.objects.all())
        for kind, queryset in sources.items():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                rendered = RENDERERS[kind](chunk)
                store(kind, [], rendered)
                if progress:
                    progress(kind, start + len(chunk), len(ids))
            counts[kind] = Entry.objects.filter(kind=kind).count()
        EntrySchema.objects.all().delete()
        EntrySchema.objects.create(version=render_signature())
    return counts


def is_current() -> bool:
    return EntrySchema.objects.filter(version=render_signature()).exists()


def ensure_current(**kwargs) -> None:
    """After ``migrate``: render every entry when they come from another version of the
    code or other settings (or were never rendered), so a release serves its own
    representation at once. The worker checks again on every scheduler tick (a restart
    with new settings but no release step)."""
    from frontend_api.readmodel.maintain import migration

    changed = migration["changed"]
    migration.update(running=False, changed=False)
    if not changed and is_current():
        return
    counts = rebuild()
    logger.info("API entries rendered anew (%s): %s", render_signature(), counts)
