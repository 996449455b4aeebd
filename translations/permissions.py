"""Who may change what: translators work on translations, never on the German source.

- Pages: the "Translators" group has edit and publish permission on the root page of each
  locale other than the default one (each locale has a tree of its own under the root), and
  on none of the German tree. A locale's root appears when its first page is translated; it is
  granted to the group right then (``grant_translators_new_locale_root``).
- Snippets (contacts, organisations): Wagtail's model permissions know no locale, so the
  edit, delete and create views refuse source-language snippets to users without
  ``translations.change_source_content`` (see ``wagtail_hooks``).
"""

from wagtail.models import Locale, Page

TRANSLATORS = "Translators"
SOURCE_PERMISSION = "translations.change_source_content"
# What translators may do in the trees of the other locales.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def can_change_source(user) -> bool:
    return user.is_superuser or user.has_perm(SOURCE_PERMISSION)


def is_source_language(instance) -> bool:
    return instance.locale_id == Locale.get_default().pk


def grant_page_permissions(group, page) -> None:
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_translators_new_locale_root(sender, instance, created, raw=False, **kwargs):
    """A new root page of a translated tree (depth 2, not the default locale): translators
    may edit and publish in it."""
    from django.contrib.auth.models import Group

    if raw or not created or not isinstance(instance, Page) or instance.depth != 2:
        return
    if is_source_language(instance):
        return
    group = Group.objects.filter(name=TRANSLATORS).first()
    if group is not None:
        grant_page_permissions(group, instance)
