"""Translators read the German source they translate, without being able to change it.

Wagtail shows a user only the pages they may change, and answers the edit view of any other
page with "no permission". Translators have no permission on the German tree (they must not
change it), so they saw no German page at all. Here:

- the page permission policy lets everyone who may submit translations *explore* the German
  tree (explorer lists and admin search); what they may do with a page is still decided by
  their page permissions, so no edit, publish or delete action appears;
- the page edit view sends such a user to the read-only view of the page
  (``translations_source``) instead of refusing, and likewise the snippet edit view
  (``wagtail_hooks``), where "Übersetzen" submits it;
- the image and document lists show every file translators may choose (they choose images
  and upload translated PDFs), not only their own uploads.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Locale, Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"
# What Wagtail asks for "may this user explore pages" (explorer, search, the Pages menu).
EXPLORE = frozenset({"add", "change", "publish", "bulk_delete", "lock", "unlock"})


def reads_source(user) -> bool:
    """May read the German source without a page permission on it (translators)."""
    return user.is_active and not user.is_superuser and user.has_perm(SUBMIT_PERMISSION)


class SourceReadingPagePermissionPolicy(PagePermissionPolicy):
    def user_has_any_permission(self, user, actions):
        # Only the question "may explore": a translator without a translated tree yet may
        # still browse the German one; every other question is answered as before.
        if set(actions) == EXPLORE and reads_source(user):
            return True
        return super().user_has_any_permission(user, actions)

    def instances_with_direct_explore_permission(self, user):
        pages = super().instances_with_direct_explore_permission(user)
        if reads_source(user):
            pages = [*pages, *Page.objects.filter(depth=2, locale=Locale.get_default())]
        return pages

    def explorable_instances(self, user):
        if not reads_source(user):
            return super().explorable_instances(user)
        german = Page.objects.filter(depth__gt=1, locale=Locale.get_default())
        translated = self.instances_user_has_any_permission_for(user, EXPLORE)
        return Page.objects.filter(depth=1) | german | translated


class SourceReadingEditView(EditView):
    def dispatch(self, request, page_id, **kwargs):
        page = Page.objects.filter(pk=page_id).first()
        if (
            page is not None
            and reads_source(request.user)
            and not page.permissions_for_user(request.user).can_edit()
        ):
            from translations.worklist_views import object_ref

            return redirect(reverse("translations_source", args=[object_ref(page)]))
        return super().dispatch(request, page_id, **kwargs)


class SourceReadingPageViewSet(PageViewSet):
    edit_view_class = SourceReadingEditView


def page_viewset():
    return SourceReadingPageViewSet(name="liga_pages", model=Page)


class ChoosableMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Images and documents: the admin's lists ask for those the user may change or delete,
    so translators (who may choose and upload, not change others' files) saw only their own
    uploads. They now see every file they may choose; changing one is still refused."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) == {"change", "delete"} and reads_source(user):
            instances = instances | self.instances_user_has_permission_for(user, "choose")
        return instances


def register_media_policies() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        register_permission_policy(
            model,
            ChoosableMediaPermissionPolicy(
                model, auth_model=auth_model, owner_field_name="uploaded_by_user"
            ),
        )
