"""The API's read model: every item as the API shows it, rendered when it changes.

An ``Entry`` is one position, topic, contact person or member organisation in one locale:
its own fields as finished JSON text, and the columns lists filter and sort on. Related items
(a position's topics, co-signers and contact people; a contact's organisation and topics) are
not copied into it: they are entries of their own, named in ``refs`` by translation key and
joined in when a response is composed (``frontend_api.readmodel.compose``). So a renamed
contact is rendered once, not into every position that names it, and a response shows each
related item in the response's languages, as visible at that moment.

Only items the public may see have an entry: live, not an alias. What changes with time or
privacy stays decided at read time: ``expire_at`` is a column (an item past it is left out
at once), ``restricted`` marks pages below a view restriction (kept exact in the transaction
that changes a restriction), and ``refresh_after`` is the moment something baked into the
stored text expires (a rich-text link target), after which the entry is rendered again when
read. ``frontend_api.readmodel.maintain`` keeps the table in step with the content.
"""

from django.db import models
from wagtail.models import Locale


class Entry(models.Model):
    kind = models.CharField(max_length=16)
    object_id = models.PositiveIntegerField(help_text="The page, contact or organisation.")
    translation_key = models.UUIDField()
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    slug = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    # What sorts after the title: a contact's given name (the title is the family name).
    subtitle = models.CharField(max_length=255, blank=True)
    # Positions: the kind of paper (``PositionKind``) and the publication date.
    category = models.CharField(max_length=32, blank=True)
    published = models.DateField(null=True)
    # Pages: their tree path (tree order for slug lookups; view restrictions reach below it).
    path = models.CharField(max_length=255, blank=True)
    url_path = models.TextField(blank=True)
    expire_at = models.DateTimeField(null=True)
    restricted = models.BooleanField(default=False)
    refresh_after = models.DateTimeField(null=True)
    # The list shape as JSON text; the fields composed per response are slots (see compose).
    data = models.TextField()
    # The detail's additions (``body``) as JSON text; empty for kinds without a detail body.
    body = models.TextField(blank=True)
    # What ``data`` leaves to composition, in order: {"topics": [key], "signatories": [...]}.
    refs = models.JSONField(default=dict)
    # A reference to this item as other items show it (a topic's ``{slug, title, api_url}``).
    summary = models.TextField(blank=True)
    # The surrogate keys of what ``data`` shows, and of what ``body`` adds, separated by spaces.
    keys = models.TextField(blank=True)
    body_keys = models.TextField(blank=True)
    version = models.CharField(max_length=32)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="entry_unique_object")
        ]
        # The list orders carry what visibility and the kind filter read: a count or a deep
        # page is read from the index alone, not from the wide rows. Visibility is part of
        # the key, not only included: SQLite ignores INCLUDE.
        indexes = [
            models.Index(
                fields=["kind", "locale", "-published", "-object_id", "restricted", "expire_at"],
                include=["category", "translation_key"],
                name="entry_newest",
            ),
            # Lists in two languages (``fallback``): walked newest first across locales, the
            # translation key at hand for "no visible translation" (an index-only anti-join).
            models.Index(
                fields=["kind", "-published", "-object_id", "locale", "restricted", "expire_at"],
                include=["category", "translation_key"],
                name="entry_newest_any_locale",
            ),
            models.Index(
                fields=[
                    "kind",
                    "locale",
                    "title",
                    "subtitle",
                    "object_id",
                    "restricted",
                    "expire_at",
                ],
                name="entry_title",
            ),
            models.Index(fields=["kind", "locale", "slug"], name="entry_slug"),
            models.Index(fields=["translation_key"], name="entry_translation"),
            models.Index(fields=["expire_at"], name="entry_expiry"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.slug or self.title})"


class EntryLink(models.Model):
    """What an entry links to: related items by translation key (filters and composition),
    and images, documents and pages by id (which changes render it again)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links")
    # The linking entry's kind, locale and visibility (copies, kept with it by
    # ``readmodel.store`` and ``maintain.render_privacy``): "the topics naming these contacts"
    # is one index range, and "how many visible positions of this topic" is counted from the
    # index alone instead of visiting every entry linking it.
    kind = models.CharField(max_length=16)
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    restricted = models.BooleanField(default=False)
    expire_at = models.DateTimeField(null=True)
    rel = models.CharField(max_length=16)
    key = models.UUIDField(null=True)
    object_id = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [
            # A filter by a related item reads the entries linking it from the index alone.
            models.Index(fields=["rel", "kind", "key", "entry"], name="entrylink_key"),
            models.Index(
                fields=["rel", "kind", "key", "locale", "restricted", "expire_at", "entry"],
                name="entrylink_count",
            ),
            models.Index(fields=["rel", "object_id"], name="entrylink_object"),
        ]

    def __str__(self):
        return f"{self.entry_id} → {self.rel} {self.key or self.object_id}"


class EntrySchema(models.Model):
    """Which rendering the stored entries come from (``readmodel.render.RENDER_VERSION``):
    a release that changes what the API shows renders every entry again on ``migrate``."""

    version = models.CharField(max_length=32)
    rendered_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.version
