"""``topics/`` and ``topics/{slug}/``."""

from frontend_api.localisation import api_visible, in_languages
from frontend_api.params import ListParams, SearchParam
from frontend_api.readmodel import search
from frontend_api.readmodel.renderers import render_topics
from frontend_api.related import contacts_by_page
from frontend_api.richtext import RichTextResolver
from frontend_api.search import search_pks
from frontend_api.serializers.media import prefetch_image_renditions
from frontend_api.serializers.streamfield import BodyRenderer
from frontend_api.serializers.topics import (
    MAX_TOPIC_POSITIONS,
    TopicDetailSerializer,
    TopicSerializer,
    topic_data,
)
from frontend_api.surrogate import COLLECTIONS, TOPIC
from frontend_api.translations import TranslationIndex
from frontend_api.views.entries import PageEntries
from frontend_api.views.pages import PageViewSet
from home.models import TopicContact, TopicPage
from positions.models import PositionPage, PositionTopic


class TopicListParams(ListParams):
    """Parameters of ``topics/``."""

    q = SearchParam(
        required=False,
        help_text=(
            "Search words in titles, intros and bodies. A topic is found when it holds every "
            "word; at most 1,000 topics are listed."
        ),
    )


class TopicViewSet(PageEntries, PageViewSet):
    """Topics in the requested locale, by title."""

    kind = TOPIC
    endpoint = "topics"
    ordering = ("title", "object_id")

    def filtered(self, entries, params: dict):
        if params.get("q") and search.enabled():
            matching = search.matching(entries, params["q"], self.languages)
            return search.capped(matching, self.ordering)
        if params.get("q"):
            # Search runs on indexed filters only; the other conditions apply afterwards.
            candidates = TopicPage.objects.live().filter(locale_id__in=self.languages.locale_ids)
            entries = entries.filter(object_id__in=search_pks(candidates, params["q"]))
        return entries

    def in_languages_of_response(self, entry):
        """A topic served as the fallback of another language, rendered for the response:
        its rich-text links lead to that language's pages where there are some."""
        if entry.locale_id == self.languages.requested.pk or not entry.refs.get("localised_links"):
            return None
        return render_topics([entry.object_id], self.languages)[0]

    def item_text(self, entry, composer) -> str:
        rendered = self.in_languages_of_response(entry)
        return composer.compose(entry, rendered.data if rendered else None)

    def detail_text(self, entry, composer) -> str:
        rendered = self.in_languages_of_response(entry)
        body = rendered.body if rendered else entry.body
        text = composer.compose(entry, rendered.data if rendered else None)
        positions = composer.topic_positions(entry, MAX_TOPIC_POSITIONS)
        return f'{text[:-1]},"body":{body},"positions":{positions}}}'

    serializer_class = TopicSerializer
    list_params = TopicListParams
    collection_key = COLLECTIONS[TOPIC]

    def get_serializer_class(self):
        return TopicDetailSerializer if self.action == "retrieve" else TopicSerializer

    def get_list_queryset(self, params):
        # Lists show no body: leave the StreamField out of the query.
        return self.topic_queryset(params).defer_streamfields()

    def get_detail_queryset(self, params):
        return self.topic_queryset(params)

    def topic_queryset(self, params):
        topics = self.visible_topics()
        if params.get("q"):
            # Search runs on indexed filters only; the other conditions apply afterwards.
            candidates = TopicPage.objects.live().filter(locale_id__in=self.languages.locale_ids)
            topics = topics.filter(pk__in=search_pks(candidates, params["q"]))
        return (
            topics.select_related("image")
            .prefetch_related(prefetch_image_renditions("image"))
            .order_by("title", "pk")
        )

    def response_context(self, topics, detail: bool) -> dict:
        """Everything the topics of one response need, fetched once for all of them."""
        resolver = RichTextResolver(self.hidden_collections, self.languages)
        bodies = BodyRenderer(resolver)
        for topic in topics:
            resolver.collect(topic.intro)
        topic_positions = {}
        if detail:
            bodies.prepare([topic.body for topic in topics])
            for topic in topics:
                # Translations link the source's topic: match it by translation key.
                links = PositionTopic.objects.filter(topic__translation_key=topic.translation_key)
                topic_positions[topic.pk] = list(
                    in_languages(api_visible(PositionPage.objects.all()), self.languages)
                    .filter(pk__in=links.values("position_id"))
                    .select_related("document")
                    .defer("document__extracted_text")
                    .defer_streamfields()
                    .order_by("-published", "-pk")[:MAX_TOPIC_POSITIONS]
                )
        resolver.resolve()
        return {
            **self.get_serializer_context(),
            "richtext": resolver,
            "bodies": bodies,
            "translations": TranslationIndex(topics, "topics"),
            "topic_positions": topic_positions,
            "contacts": contacts_by_page(
                TopicContact,
                [topic.pk for topic in topics],
                visible_topics=self.visible_topics(),
                hidden_collections=self.hidden_collections,
                languages=self.languages,
            ),
        }

    def item_data(self, item, context: dict, detail: bool) -> dict:
        return topic_data(item, context, detail=detail)
