"""Lists and filters read their indexes alone, on SQLite too.

- What a list filters on (``restricted``, ``expire_at``) becomes part of the list indexes'
  keys: SQLite ignores ``INCLUDE``, and a count then read every row.
- A link names the kind of the entry that links (filled from the entries here): "the topics
  naming these contacts" is then one index range instead of every position naming them.
"""

from django.db import migrations, models

FILL_KIND = """
UPDATE frontend_api_entrylink SET kind = (
    SELECT entry.kind FROM frontend_api_entry AS entry
    WHERE entry.id = frontend_api_entrylink.entry_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("frontend_api", "0003_entry_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="entrylink",
            name="kind",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL_KIND, migrations.RunSQL.noop),
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
    ]
