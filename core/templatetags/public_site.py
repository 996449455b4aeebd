"""Template tags of the public pages: the visibility rule of ``core.visibility`` for menus
and document links, and the input rules of ``core.richtext`` for rich text served."""

from django import template
from django.utils.safestring import mark_safe

from core.richtext import sanitize_html
from core.visibility import is_public_document, private_collection_ids, publicly_visible

register = template.Library()


@register.filter
def visible_children(page):
    """The children of ``page`` that the public may see (the main menu)."""
    return publicly_visible(page.get_children()) if page else []


@register.simple_tag(takes_context=True)
def public_document(context, document):
    """``document`` if the public may download it, else None. The private collections are
    read once per request."""
    if document is None:
        return None
    request = context.get("request")
    hidden = getattr(request, "_liga_private_collections", None)
    if hidden is None:
        hidden = private_collection_ids()
        if request is not None:
            request._liga_private_collections = hidden
    return document if is_public_document(document, hidden) else None


@register.filter
def clean_richtext(html):
    """Expanded rich text cut down to the hub's tags, attributes and link schemes."""
    return mark_safe(sanitize_html(str(html or "")))  # noqa: S308 - nh3 output
