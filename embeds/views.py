"""The embed script and the server-rendered embed pages (``/embed/v1/…``).

The pages are for sites that allow no scripts: put into an ``<iframe>``, they show what the
web components show, with the same options, styles and accessibility. They may be framed by
any site in ``EMBED_FRAME_ANCESTORS`` (so they are exempt from X-Frame-Options), run no
script, and are cached and revalidated like the API's responses.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views import View
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from embeds import content
from embeds.assets import content_security_policy, script
from embeds.languages import direction, ui_language
from embeds.params import ContactEmbedParams, PositionEmbedParams, TopicEmbedParams
from frontend_api.cache import CachedResponseMixin
from frontend_api.localisation import default_language_code

ONE_YEAR = 365 * 24 * 60 * 60
ONE_DAY = 24 * 60 * 60
# The pasted URL keeps its name when the file changes (``v1`` only changes compatibly): a fix
# reaches every browser within the hour, and asking again costs a 304.
SCRIPT_MAX_AGE = 60 * 60


def versioned_script_url() -> str:
    """The path of this very version of the script, cacheable for a year."""
    return reverse("embeds:versioned-script", kwargs={"digest": script().digest})


@require_safe
@gzip_page
def embed_script(request):
    """``/embed/v1/liga-embed.js``, the URL of the snippets member sites paste: its content
    changes under the same name, so it is kept an hour and then revalidated (ETag → 304),
    while browsers may run their copy for a day as they revalidate it in the background."""
    response = script_response(request)
    patch_cache_control(
        response, public=True, max_age=SCRIPT_MAX_AGE, stale_while_revalidate=ONE_DAY
    )
    return response


@require_safe
@gzip_page
def versioned_embed_script(request, digest: str):
    """``/embed/v1/liga-embed.<digest>.js``: one version of the script under a name of its
    own, so browsers and CDNs may keep it for a year without asking (``immutable``). An older
    version's URL (a page pinned before a deploy) leads to the current one, which ``v1``
    keeps compatible; that redirect changes with the next deploy, so it is kept briefly."""
    if digest != script().digest:
        response = redirect(versioned_script_url())
        patch_cache_control(response, public=True, max_age=SCRIPT_MAX_AGE)
        return response
    response = script_response(request)
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response


def script_response(request) -> HttpResponse:
    """The script with its ETag (a 304 when the client has it already)."""
    asset = script()
    response = HttpResponse(asset.content, content_type="text/javascript; charset=utf-8")
    response["ETag"] = asset.etag
    response["X-Content-Type-Options"] = "nosniff"
    # Host pages with Cross-Origin-Embedder-Policy may load it too.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return get_conditional_response(request, etag=asset.etag, response=response)


def heading_levels(level: int) -> dict:
    """``level`` for the titles, and the levels below it (never past h6)."""
    return {f"h{n}": min(level + n, 6) for n in range(3)}


class EmbedPageView(CachedResponseMixin, View):
    """Base of the embed pages: validates the options, renders ``template_name`` with
    what ``get_content`` reads, answers 400 (naming the parameter) or 404 as a page that
    fits into the frame too."""

    http_method_names = ["get", "head", "options"]
    params_class = None
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Security-Policy"] = content_security_policy()
        response["X-Content-Type-Options"] = "nosniff"
        # Framing is the point of these pages; frame-ancestors says by whom.
        response.xframe_options_exempt = True
        return response

    def get_content(self, request, params: dict, **kwargs) -> dict:
        raise NotImplementedError

    def get(self, request, **kwargs):
        try:
            params = content.validated(request, self.params_class)
        except content.BadParameters as exc:
            return self.page(request, "embeds/error.html", {"errors": exc.errors}, {}, 400)
        try:
            context = self.get_content(request, params, **kwargs)
        except Http404:
            return self.page(request, "embeds/error.html", {"not_found": True}, params, 404)
        return self.page(request, self.template_name, context, params, 200)

    def page(self, request, template: str, context: dict, params: dict, status: int):
        locale = params.get("locale") or default_language_code()
        with translation.override(ui_language(locale)):
            response = render(
                request,
                template,
                {
                    "locale": locale,
                    "direction": direction(locale),
                    "ui_language": ui_language(locale),
                    "css": script().css,
                    **heading_levels(params.get("heading-level", 2)),
                    **context,
                },
                status=status,
            )
        response["Content-Language"] = locale
        return response


class PositionsEmbed(EmbedPageView):
    """``/embed/v1/positions/``: positions of a topic, kind or organisation (newest first),
    or the one position ``slug``."""

    params_class = PositionEmbedParams
    template_name = "embeds/positions.html"

    def get_content(self, request, params, **kwargs):
        topic, items = content.positions(request, params)
        return {"topic_title": topic.title if topic else "", "positions": [i for _, i in items]}


class TopicEmbed(EmbedPageView):
    """``/embed/v1/topics/{slug}/``: a topic with its intro, newest positions and contacts."""

    params_class = TopicEmbedParams
    template_name = "embeds/topic.html"

    def get_content(self, request, params, slug=None, **kwargs):
        return {"topic": content.topic(request, params, slug)}


class ContactsEmbed(EmbedPageView):
    """``/embed/v1/contacts/``: contact people of a topic and/or a member organisation."""

    params_class = ContactEmbedParams
    template_name = "embeds/contacts.html"

    def get_content(self, request, params, **kwargs):
        return {"contacts": content.contacts(request, params)}
