"""``positions/`` and ``positions/{slug}/``."""

from rest_framework import serializers

from frontend_api.localisation import api_visible, in_languages
from frontend_api.params import ListParams, SearchParam, SlugParam
from frontend_api.readmodel import search, selectors
from frontend_api.readmodel.render import dumps
from frontend_api.related import contacts_by_page, organisations_by_position, topics_by_position
from frontend_api.richtext import RichTextResolver
from frontend_api.search import search_pks, without_private_pdf_matches
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.positions import (
    PositionDetailSerializer,
    PositionSerializer,
    position_data,
)
from frontend_api.serializers.streamfield import BodyRenderer
from frontend_api.surrogate import COLLECTIONS, DOCUMENT, ORGANISATION, POSITION, TOPIC
from frontend_api.translations import TranslationIndex
from frontend_api.views.entries import PageEntries
from frontend_api.views.pages import PageViewSet
from positions.models import (
    PositionContact,
    PositionKind,
    PositionOrganisation,
    PositionPage,
    PositionTopic,
)

DATE_ORDER = "published_after must not be later than published_before."

ORDERINGS = {
    "-published": ("-published", "-pk"),
    "published": ("published", "pk"),
    "title": ("title", "pk"),
}


class PositionListParams(ListParams):
    """Parameters of ``positions/``."""

    topic = serializers.ListField(
        child=SlugParam(allow_unicode=True),
        required=False,
        help_text="Topic slug; repeat the parameter for several topics (any of them matches).",
    )
    organisation = SlugParam(required=False, help_text="Key of a co-signing member organisation.")
    kind = serializers.ChoiceField(choices=PositionKind.values, required=False)
    published_after = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=f"YYYY-MM-DD, inclusive. {DATE_ORDER}",
    )
    published_before = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=f"YYYY-MM-DD, inclusive. {DATE_ORDER}",
    )
    q = SearchParam(
        required=False,
        help_text=(
            "Search words in titles, teasers, bodies and the text of the PDFs (a word inside "
            "a PDF finds the position while the PDF is public). A position is found when it "
            "holds every word. When more than 1,000 positions match, the 1,000 newest are "
            "listed: add words to narrow the search."
        ),
    )
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS), required=False, help_text="Default: `-published` (newest first)."
    )

    def validate(self, data):
        after, before = data.get("published_after"), data.get("published_before")
        if after and before and after > before:
            # Names both: either may be the one the client got wrong.
            raise serializers.ValidationError(
                {"published_after": [DATE_ORDER], "published_before": [DATE_ORDER]}
            )
        return data


class PositionViewSet(PageEntries, PageViewSet):
    """Positions in the requested locale (and with fallback the untranslated rest in the
    default one), newest first."""

    list_params = PositionListParams
    repeatable_params = ("topic",)
    collection_key = COLLECTIONS[POSITION]
    # ``q`` also reads the PDFs' text: a PDF's change (or its privacy) changes what it finds.
    filter_keys = {
        "topic": COLLECTIONS[TOPIC],
        "organisation": COLLECTIONS[ORGANISATION],
        "q": COLLECTIONS[DOCUMENT],
    }

    def get_serializer_class(self):
        return PositionDetailSerializer if self.action == "retrieve" else PositionSerializer

    def filtered_pages(self, positions, params):
        if params.get("topic"):
            # Translations link the source's topics: match the topics by translation key.
            topics = self.visible_topics().filter(slug__in=params["topic"])
            links = PositionTopic.objects.filter(
                topic__translation_key__in=topics.values("translation_key")
            )
            positions = positions.filter(pk__in=links.values("position_id"))
        if params.get("organisation"):
            links = PositionOrganisation.objects.filter(organisation__key=params["organisation"])
            positions = positions.filter(pk__in=links.values("position_id"))
        if params.get("kind"):
            positions = positions.filter(kind=params["kind"])
        if params.get("published_after"):
            positions = positions.filter(published__gte=params["published_after"])
        if params.get("published_before"):
            positions = positions.filter(published__lte=params["published_before"])
        if params.get("q"):
            positions = positions.filter(pk__in=self.found(params["q"]))
        return positions

    def found(self, q: str) -> list[int]:
        """Ids of the positions in the response's languages whose words (or public PDF's
        words) match ``q``. Search runs on indexed filters only; the visibility rule and the
        other filters apply afterwards."""
        candidates = PositionPage.objects.live().filter(locale_id__in=self.languages.locale_ids)
        found = search_pks(candidates, q)
        return without_private_pdf_matches(found, q, self.hidden_collections)

    def position_queryset(self, params):
        positions = in_languages(api_visible(PositionPage.objects.all()), self.languages)
        # The PDF's extracted text (up to 200,000 characters) is for search, never shown.
        positions = positions.select_related("image", "document").defer("document__extracted_text")
        return positions.prefetch_related(prefetch_image_renditions("image"))

    def get_list_queryset(self, params):
        ordering = ORDERINGS[params.get("ordering", "-published")]
        positions = self.filtered_pages(self.position_queryset(params), params)
        # Lists show no body: leave the StreamField out of the query.
        return positions.defer_streamfields().order_by(*ordering)

    def get_detail_queryset(self, params):
        return self.position_queryset(params)

    def response_context(self, positions, detail: bool) -> dict:
        """Everything the positions of one response need, fetched once for all of them."""
        resolver = RichTextResolver(self.hidden_collections, self.languages)
        bodies = BodyRenderer(resolver)
        if detail:
            bodies.prepare([position.body for position in positions])
        ids = [position.pk for position in positions]
        organisations, signatories = organisations_by_position(
            ids, hidden_collections=self.hidden_collections, languages=self.languages
        )
        return {
            **self.get_serializer_context(),
            "bodies": bodies,
            "translations": TranslationIndex(positions, "positions"),
            "topics": topics_by_position(
                ids, visible_topics=self.visible_topics(), languages=self.languages
            ),
            "organisations": organisations,
            "signatories": signatories,
            "contacts": contacts_by_page(
                PositionContact,
                ids,
                visible_topics=self.visible_topics(),
                hidden_collections=self.hidden_collections,
                languages=self.languages,
            ),
        }

    def item_data(self, item, context: dict, detail: bool) -> dict:
        return position_data(item, context, detail=detail)

    # --- served from the read model (``frontend_api.views.entries``) ----------------------

    kind = POSITION
    endpoint = "positions"

    def filtered(self, entries, params: dict):
        named = selectors.named_keys(params, self.languages)
        self.counted = selectors.counted_by_links(params, self.languages, named)
        entries = selectors.filter_positions(entries, params, named)
        if params.get("q") and search.enabled():
            # The newest matches, at most ``search.CAP``: listed in the requested order.
            return search.capped(search.matching(entries, params["q"], self.languages))
        if params.get("q"):
            entries = entries.filter(object_id__in=self.found(params["q"]))
        return entries

    def ordered(self, entries):
        return selectors.ordered(entries, self.params.get("ordering"))

    def detail_text(self, entry, composer) -> str:
        if entry.locale_id == self.languages.requested.pk:
            body = entry.body
        else:
            # Served as the fallback for another language: its rich-text links lead to the
            # requested language's pages where there are some, so the body is built for it.
            body = self.body_for(entry.object_id)
        return f'{composer.compose(entry)[:-1]},"body":{body}}}'

    def body_for(self, position_id: int) -> str:
        position = PositionPage.objects.get(pk=position_id)
        bodies = BodyRenderer(RichTextResolver(self.hidden_collections, self.languages))
        bodies.prepare([position.body])
        return dumps(bodies.render(position.body))
