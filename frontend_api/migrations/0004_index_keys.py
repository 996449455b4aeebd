"""Lists and filters read their indexes alone, on SQLite too.

- What a list filters on (``restricted``, ``expire_at``) becomes part of the list indexes'
  keys: SQLite ignores ``INCLUDE``, and a count then read every row.
- A link carries the kind, locale and visibility of the entry that links (filled from the
  entries here): "the topics naming these contacts" is one index range instead of every
  position naming them, and the positions of an organisation are counted from an index.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE frontend_api_entrylink SET (kind, locale_id, restricted, expire_at) = (
    SELECT entry.kind, entry.locale_id, entry.restricted, entry.expire_at
    FROM frontend_api_entry AS entry
    WHERE entry.id = frontend_api_entrylink.entry_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("frontend_api", "0003_entry_search_vector"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="entrylink",
            name="kind",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entrylink",
            name="locale",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name="entrylink",
            name="restricted",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="entrylink",
            name="expire_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="entrylink",
            name="locale",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.RemoveIndex(model_name="entry", name="entry_newest"),
        migrations.RemoveIndex(model_name="entry", name="entry_title"),
        migrations.RemoveIndex(model_name="entry", name="entry_newest_any_locale"),
        migrations.RemoveIndex(model_name="entrylink", name="entrylink_key"),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                fields=["kind", "locale", "-published", "-object_id", "restricted", "expire_at"],
                include=["category", "translation_key"],
                name="entry_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                fields=["kind", "-published", "-object_id", "locale", "restricted", "expire_at"],
                include=["category", "translation_key"],
                name="entry_newest_any_locale",
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
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
        ),
        migrations.AddIndex(
            model_name="entrylink",
            index=models.Index(fields=["rel", "kind", "key", "entry"], name="entrylink_key"),
        ),
        migrations.AddIndex(
            model_name="entrylink",
            index=models.Index(
                fields=["rel", "kind", "key", "locale", "restricted", "expire_at", "entry"],
                name="entrylink_count",
            ),
        ),
    ]
