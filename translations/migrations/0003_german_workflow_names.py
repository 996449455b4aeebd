"""The moderators' workflow and task get German names.

Wagtail's own migration names them "Moderators approval" (data, not a translatable string),
and the admin then offers "In Moderators approval einreichen". Renamed wherever they still
carry Wagtail's default name; a name an administrator chose is kept.
"""

from django.db import migrations

OLD = "Moderators approval"
NEW = "Freigabe durch Moderation"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_german(apps, schema_editor):
    rename(apps, OLD, NEW)


def to_english(apps, schema_editor):
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_translators_group"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_german, to_english)]
