"""The translators' admin views: „Zu übersetzen“ (the worklist), a one-click submit of one
German object into one locale, and a read-only view of a German page or snippet for those
who may translate it but not change it."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from translations import worklist

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"


def require_submit_permission(user):
    if not user.has_perm(SUBMIT_PERMISSION):
        raise PermissionDenied


def object_ref(instance) -> str:
    """``<content type id>:<pk>`` of a page or snippet, for the submit form."""
    model = Page if isinstance(instance, Page) else type(instance)
    return f"{ContentType.objects.get_for_model(model).pk}:{instance.pk}"


def resolve_ref(ref: str):
    content_type_id, _sep, pk = ref.partition(":")
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    if model is None or not issubclass(model, TranslatableMixin):
        raise Http404
    instance = get_object_or_404(model, pk=pk)
    return instance.specific if isinstance(instance, Page) else instance


def edit_url(user, instance) -> str | None:
    return AdminURLFinder(user).get_edit_url(instance)


def worklist_view(request):
    """„Zu übersetzen“: per locale, what is untranslated, in progress or outdated."""
    require_submit_permission(request.user)
    code = request.GET.get("locale") or None
    locales = list(worklist.target_locales(code))
    rows_by_locale = worklist.worklist(locales)
    return TemplateResponse(
        request,
        "translations/worklist.html",
        {
            "rows_by_locale": [
                (locale, [decorate(request.user, row) for row in rows])
                for locale, rows in rows_by_locale.items()
            ],
            "all_locales": worklist.target_locales(),
            "current_locale": code,
        },
    )


def decorate(user, row):
    """Add what the template links to: the editor of the translation, the German object."""
    row.ref = object_ref(row.source)
    row.target_url = edit_url(user, row.target) if row.target is not None else None
    row.source_url = source_url(row.source)
    row.kind = row.source._meta.verbose_name
    row.missing = [(obj, object_ref(obj), obj._meta.verbose_name) for obj in row.missing_links]
    return row


def source_url(instance) -> str:
    return reverse("translations_source", args=[object_ref(instance)])


@require_POST
def submit_one(request):
    """Submit one German object for translation into one locale, then open its translation
    in the editor (or go back to ``next``)."""
    require_submit_permission(request.user)
    instance = resolve_ref(request.POST.get("object", ""))
    locale = get_object_or_404(Locale, pk=request.POST.get("locale"))
    if locale.pk == instance.locale_id:
        raise Http404
    # The German text as it is now (an outdated translation takes the changed strings).
    TranslationSource.update_or_create_from_instance(instance)
    TranslationCreator(request.user, [locale]).create_translations(instance)
    target = instance.get_translation_or_none(locale)
    messages.success(
        request,
        _("“%(object)s” was submitted for translation into %(locale)s.")
        % {"object": instance, "locale": locale.get_display_name()},
    )
    next_url = request.POST.get("next")
    if next_url and next_url.startswith("/"):
        return redirect(next_url)
    url = edit_url(request.user, target) if target is not None else None
    return redirect(url or "translations_worklist")


def source_view(request, ref):
    """A German page or snippet, read only, with its translations per locale."""
    require_submit_permission(request.user)
    instance = resolve_ref(ref)
    locales = list(worklist.target_locales())
    translations = {
        t.locale_id: t for t in instance.get_translations(inclusive=False).select_related("locale")
    }
    states = []
    for locale in locales:
        target = translations.get(locale.pk)
        states.append(
            {
                "locale": locale,
                "target": target,
                "target_url": edit_url(request.user, target) if target else None,
            }
        )
    return TemplateResponse(
        request,
        "translations/source.html",
        {
            "object": instance,
            "ref": ref,
            "kind": instance._meta.verbose_name,
            "fields": readable_fields(instance),
            "states": states,
            "edit_url": edit_url(request.user, instance),
        },
    )


def readable_fields(instance) -> list[tuple]:
    """``[(label, text), …]`` of the object's own text fields, for reading."""
    from django.db.models import CharField, TextField
    from django.utils.html import strip_tags

    base = {f.name for f in Page._meta.concrete_fields} if isinstance(instance, Page) else set()
    fields = []
    for model_field in instance._meta.concrete_fields:
        if model_field.name in base - {"title"} or model_field.name == "translation_key":
            continue
        if isinstance(model_field, CharField | TextField) and not model_field.choices:
            value = getattr(instance, model_field.name)
            if value:
                fields.append((model_field.verbose_name, strip_tags(str(value))))
    return fields
