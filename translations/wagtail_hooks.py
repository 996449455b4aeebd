"""Admin hooks: translators read but never change the German source, find their work in
„Zu übersetzen“, and the translation editor explains why a half-translated text cannot be
published."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.permissions import register_permission_policy

from translations.guard import incomplete_message, untranslated_strings
from translations.permissions import can_change_source, is_source_language
from translations.reading import (
    SourceReadingPagePermissionPolicy,
    page_viewset,
    reads_source,
    register_media_policies,
)

# Registered before any view asks for the Page policy (Wagtail refuses a late one).
register_permission_policy(Page, SourceReadingPagePermissionPolicy())


# The images and documents apps register their policies in ready(), which may run after
# this module is imported; the admin's URLs are built later, on the first request.
@hooks.register("register_admin_urls")
def choosable_media_in_lists():
    register_media_policies()
    return []


def refuse_source_snippet(request, instance):
    source = isinstance(instance, TranslatableMixin) and is_source_language(instance)
    if source and not can_change_source(request.user):
        raise PermissionDenied


def is_german_for_reader(user, instance) -> bool:
    """A German snippet opened by someone who may translate but not change it."""
    source = isinstance(instance, TranslatableMixin) and is_source_language(instance)
    return source and not can_change_source(user) and reads_source(user)


# Before wagtail-localize's own hooks (order 0), which take over the edit views.
@hooks.register("before_edit_snippet", order=-10)
def translators_do_not_edit_source_snippets(request, instance):
    if request.method == "GET" and is_german_for_reader(request.user, instance):
        from translations.worklist_views import object_ref

        return redirect(reverse("translations_source", args=[object_ref(instance)]))
    refuse_source_snippet(request, instance)
    return explain_incomplete_publish(request, instance)


@hooks.register("before_delete_snippet", order=-10)
def translators_do_not_delete_source_snippets(request, instances):
    for instance in instances:
        refuse_source_snippet(request, instance)


@hooks.register("before_create_snippet", order=-10)
def translators_do_not_create_source_snippets(request, model):
    if issubclass(model, TranslatableMixin) and not can_change_source(request.user):
        source_code = Locale.get_default().language_code
        if (request.GET.get("locale") or source_code) == source_code:
            raise PermissionDenied


@hooks.register("before_edit_page", order=-10)
def explain_incomplete_page_publish(request, page):
    return explain_incomplete_publish(request, page)


def explain_incomplete_publish(request, instance):
    """On "Publish" in the translation editor of an incomplete translation: say what is
    missing and stay in the editor (the publish itself is refused by ``translations.guard``
    in any case; this turns wagtail-localize's generic validation message into a clear one)."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    from wagtail_localize.models import Translation

    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None:
        return None
    missing, total = untranslated_strings(translation)
    if not missing:
        return None
    messages.error(request, incomplete_message(translation, missing, total))
    return redirect(request.path)


# Before wagtail-localize's URLs (order 0): the same path, answered by the checking view.
@hooks.register("register_admin_urls", order=-10)
def checked_pofile_upload_url():
    from django.urls import path

    from translations.pofiles import checked_upload_pofile

    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            checked_upload_pofile,
            name="translations_upload_pofile",
        )
    ]


@hooks.register("register_admin_urls")
def topic_translation_url():
    from django.urls import path

    from translations.views import submit_topic_translation

    return [
        path(
            "translations/topic/<int:page_id>/",
            submit_topic_translation,
            name="translations_submit_topic",
        )
    ]


@hooks.register("register_page_header_buttons")
def translate_topic_with_positions_button(page, user, view_name=None, next_url=None):
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from wagtail.admin.widgets import ListingButton

    from home.models import TopicPage

    if isinstance(page.specific_deferred, TopicPage) and user.has_perm(
        "wagtail_localize.submit_translation"
    ):
        yield ListingButton(
            _("Translate with positions and contacts"),
            reverse("translations_submit_topic", args=[page.pk]),
            priority=61,
            icon_name="wagtail-localize-language",
        )


# The translators' worklist „Zu übersetzen“ (translations.worklist)


# After Wagtail's own page viewset (order -1), so that this one serves every page type.
@hooks.register("register_admin_viewset")
def source_reading_page_viewset():
    return page_viewset()


@hooks.register("register_admin_urls")
def worklist_urls():
    from django.urls import path

    from translations import worklist_views

    return [
        path("translations/worklist/", worklist_views.worklist_view, name="translations_worklist"),
        path("translations/submit/", worklist_views.submit_one, name="translations_submit_one"),
        path(
            "translations/source/<str:ref>/",
            worklist_views.source_view,
            name="translations_source",
        ),
    ]


@hooks.register("register_admin_menu_item")
def worklist_menu_item():
    from django.utils.translation import gettext_lazy
    from wagtail.admin.menu import MenuItem

    class WorklistMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("wagtail_localize.submit_translation")

    return WorklistMenuItem(
        gettext_lazy("To translate"),
        reverse("translations_worklist"),
        name="translations-worklist",
        icon_name="wagtail-localize-language",
        order=250,
    )


@hooks.register("construct_homepage_panels")
def worklist_dashboard_panel(request, panels):
    from translations.panels import WorklistPanel

    if request.user.has_perm("wagtail_localize.submit_translation"):
        panels.append(WorklistPanel())


@hooks.register("insert_global_admin_js")
def german_translation_editor_title():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" defer></script>', static("translations/js/german-editor-title.js")
    )
