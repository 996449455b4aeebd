"""What the embed pages and feeds show, read through the API v1's own views.

The server-rendered embeds must show exactly what the web components show: the same items,
in the same languages, under the same visibility rules (live, public, not expired, no alias,
no private media). So they do not query the models themselves; they bind the API's viewsets
to their validated parameters and take the items those build, as plain API dicts.
"""

from django.utils import translation
from rest_framework.request import Request

from frontend_api import surrogate
from frontend_api.errors import InvalidParameters
from frontend_api.params import DEFAULT_LIMIT, validate_params
from frontend_api.views.contacts import ContactViewSet
from frontend_api.views.pages import get_page_by_slug
from frontend_api.views.positions import PositionViewSet
from frontend_api.views.topics import TopicViewSet

# Options of the embeds that are about the look, not about which content the API gives.
PRESENTATION_PARAMS = ("heading-level", "limit", "slug")


class BadParameters(Exception):
    """Invalid options: ``errors`` maps each parameter to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def validated(request, params_class) -> dict:
    """The validated query of ``request``, or ``BadParameters`` (messages in English, like
    the API's: they are for the web developer who wrote the snippet)."""
    with translation.override("en"):
        try:
            return dict(validate_params(Request(request), params_class))
        except InvalidParameters as exc:
            errors = {
                name: [str(message) for message in messages]
                for name, messages in exc.detail.items()
            }
            raise BadParameters(errors) from exc


def bound_view(viewset_class, request, params: dict, action: str = "list", **kwargs):
    """An API viewset ready to read content for ``params`` (as after its ``initial``)."""
    view = viewset_class(request=Request(request), action=action, kwargs=kwargs, args=())
    view.format_kwarg = None
    view.use_params(
        {name: value for name, value in params.items() if name not in PRESENTATION_PARAMS}
    )
    return view


def visible_topic(view, slug: str):
    """The visible topic ``slug`` in the view's languages, else 404 (a typo in a snippet
    should show as such, not as an empty list)."""
    return get_page_by_slug(view.visible_topics(), slug)


def positions(request, params: dict):
    """``(topic or None, [(page, item)])``: the positions of ``params`` as the API lists them
    (``slug``: that one position)."""
    api_params = dict(params)
    if "topic" in params:
        api_params["topic"] = [params["topic"]]
    # One position is a detail: it does not depend on the other positions.
    action = "retrieve" if params.get("slug") else "list"
    view = bound_view(PositionViewSet, request, api_params, action=action)
    topic = visible_topic(view, params["topic"]) if "topic" in params else None
    if topic is not None:  # its title heads the page and the feed
        surrogate.add(surrogate.item_key(surrogate.TOPIC, topic.translation_key))
    if params.get("slug"):
        pages = [get_page_by_slug(view.get_queryset(), params["slug"])]
    else:
        pages = list(view.get_list_queryset(view.params)[: params.get("limit", DEFAULT_LIMIT)])
    context = view.response_context(pages, detail=False)
    return topic, [(page, view.item_data(page, context, False)) for page in pages]


def topic(request, params: dict, slug: str) -> dict:
    """The topic ``slug`` as the API's detail serves it (with its newest positions)."""
    view = bound_view(TopicViewSet, request, params, action="retrieve", slug=slug)
    page = view.get_object()
    return view.item_data(page, view.response_context([page], detail=True), True)


def contacts(request, params: dict) -> list[dict]:
    """The contact people of ``params`` as the API lists them."""
    view = bound_view(ContactViewSet, request, params)
    if "topic" in params:
        visible_topic(view, params["topic"])
    people = list(view.get_list_queryset(view.params)[: params.get("limit", DEFAULT_LIMIT)])
    context = view.response_context(people)
    return [view.item_data(person, context) for person in people]
