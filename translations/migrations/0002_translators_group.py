"""The "Translators" group, and the source-language permission for editors and moderators.

Translators may use the admin, start translations, translate and publish pages in every
locale but German (page permissions on each translated tree's root, granted again whenever a
new one appears), translate and publish contact people and organisations (but not their
German originals), and choose or upload images and PDFs (a translated paper).
"""

from django.conf import settings
from django.db import migrations

GROUP = "Translators"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MODEL_PERMISSIONS = [  # (app label, model, codename)
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
    ("contacts", "contact", "change_contact"),
    ("contacts", "contact", "publish_contact"),
    ("contacts", "memberorganisation", "change_memberorganisation"),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]
SOURCE_PERMISSION = ("translations", "sourcecontent", "change_source_content")
SOURCE_EDITOR_GROUPS = ("Editors", "Moderators")


def permission(apps, app_label, model, codename):
    # Permissions are made after all migrations; the ones needed here are made now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def create_translators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    translators, _ = Group.objects.get_or_create(name=GROUP)
    translators.permissions.add(*(permission(apps, *spec) for spec in MODEL_PERMISSIONS))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=translators, collection=root_collection, permission=permission(apps, *spec)
            )
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    for root in Page.objects.filter(depth=2).exclude(locale=default):
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=translators,
                page=root,
                permission=permission(apps, "wagtailcore", "page", codename),
            )

    source = permission(apps, *SOURCE_PERMISSION)
    for group in Group.objects.filter(name__in=SOURCE_EDITOR_GROUPS):
        group.permissions.add(source)


def remove_translators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_source_content_permission"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contacts", "0003_organisation_logo_alt"),
    ]

    operations = [migrations.RunPython(create_translators, remove_translators)]
