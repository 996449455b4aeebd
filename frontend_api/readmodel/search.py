"""Full-text search on the read model (PostgreSQL): a stored, GIN-indexed ``tsvector`` per
entry, filled when the entry is stored and queried by ``q``.

Each renderer names an entry's words by weight, as the models' ``search_fields`` name them:
A the title (a contact's names), B the teaser, intro or role, C the body's text, D the PDF's
title and extracted text, only while the PDF is public. So a word only a private PDF holds
never finds its paper, and a PDF that becomes private re-renders the entry without it.
Words are stemmed per language (``CONFIGS``).

A common word must not rank every item: a search takes at most ``CAP`` matches per type,
the newest (an index walk that stops there), and ranks only those (``ts_rank_cd``, weighted;
a word only in a PDF's text adds nothing to the rank, see ``store_vectors``).
SQLite has no such column: it searches through Wagtail's backend
(``frontend_api.search.search_pks``), see ``enabled``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, Func, Q
from django.db.models.expressions import Col, Expression

from frontend_api.localisation import Languages
from frontend_api.models import Entry
from frontend_api.search import WORD

# At most this many matches of one type are listed, counted and ranked: the newest.
CAP = 1000
NEWEST = ("-published", "-object_id")
# PostgreSQL's text search configuration per content language; any other is ``simple``
# (words lower-cased, not stemmed).
CONFIGS = {
    "de": "german",
    "de-ls": "german",
    "en": "english",
    "ru": "russian",
    "tr": "turkish",
    "ar": "arabic",
}
# ``ts_rank_cd``'s weights of D, C, B, A (PostgreSQL's defaults, named so they stay put).
WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def config_for(language_code: str) -> str:
    return CONFIGS.get(language_code, "simple")


def enabled() -> bool:
    """Whether entries carry the search column (PostgreSQL; see migration 0003)."""
    return connections[Entry.objects.db].vendor == "postgresql"


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchText:
    """An entry's searchable words by weight (the texts are not stored, only the vector)."""

    config: str
    a: str
    b: str = ""
    c: str = ""
    # The public PDF whose title and text are weight D (read from its row, never loaded).
    document_id: int | None = None


def search_text(instance, language_code: str, a, b=(), c=(), document_id=None) -> SearchText:
    """The words of ``instance``'s fields named in ``a``, ``b``, ``c``, as Wagtail's search
    index takes them (rich text and StreamField blocks as text, without HTML)."""

    def text(names) -> str:
        parts = []
        for name in names:
            field, value = instance._meta.get_field(name), getattr(instance, name)
            if hasattr(field, "get_searchable_content"):
                parts.extend(str(part) for part in field.get_searchable_content(value))
            elif value:
                parts.append(str(value))
        return " ".join(parts)

    return SearchText(config_for(language_code), text(a), text(b), text(c), document_id)


def store_vectors(entries_and_texts) -> None:
    """Fill the search column of ``(entry id, SearchText)`` pairs in one statement.

    A PDF's words (up to 200,000 characters, often one PDF for several positions and
    translations) are read from its row and made into a vector once per batch and
    language, never sent along. Its text keeps its words but not their positions
    (``strip``): it finds the paper without adding to the rank, and the vector stays small
    enough to be stored in the row, so that reading it for a thousand candidates (a common
    word) is fast, not a detour through TOAST for each."""
    rows = [(pk, text) for pk, text in entries_and_texts if text is not None]
    if not rows or not enabled():
        return
    from wagtail.documents import get_document_model

    connection = connections[Entry.objects.db]
    documents = connection.ops.quote_name(get_document_model()._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s::integer)"] * len(rows))
    params = [
        value
        for pk, text in rows
        for value in (pk, text.config, text.a, text.b, text.c, text.document_id)
    ]
    own = " || ".join(
        f"setweight(to_tsvector(v.config::regconfig, v.{column}), '{weight}')"
        for weight, column in [("A", "a"), ("B", "b"), ("C", "c")]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v(id, config, a, b, c, document_id) AS (VALUES {values}), "  # noqa: S608
            "pdf AS MATERIALIZED ("
            " SELECT k.document_id, k.config,"
            " setweight(to_tsvector(k.config::regconfig, d.title), 'D')"
            " || strip(to_tsvector(k.config::regconfig, d.extracted_text)) AS vector"
            " FROM (SELECT DISTINCT document_id, config FROM v) AS k"
            f" JOIN {documents} AS d ON d.id = k.document_id) "
            f"UPDATE frontend_api_entry AS entry SET search = {own} || coalesce(pdf.vector, '') "
            "FROM v LEFT JOIN pdf ON pdf.document_id = v.document_id AND pdf.config = v.config "
            "WHERE entry.id = v.id",
            params,
        )


# --- querying --------------------------------------------------------------------------------


class _SearchColumn(Expression):
    """The entry's ``search`` column, under whatever alias the query gives the entry table
    (a subquery renames it). Not a model field: see migration 0003."""

    def resolve_expression(self, query=None, *args, **kwargs):
        from django.contrib.postgres.search import SearchVectorField

        pk = query.resolve_ref("pk")
        column = SearchVectorField()
        column.set_attributes_from_name("search")
        column.model = Entry
        return Col(pk.alias, column)


class _Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def words_of(q: str) -> str:
    """Only the words: quotes, brackets and operators are search syntax, ignored."""
    return " ".join(WORD.findall(q))


def _queries(words: str, languages: Languages) -> dict:
    """The ``tsquery`` of ``words`` per locale of the response, in its language's config."""
    from django.contrib.postgres.search import SearchQuery

    return {
        pk: SearchQuery(words, config=config_for(languages.code_for(pk)), search_type="plain")
        for pk in languages.locale_ids
    }


def _shared(queries: dict):
    """The one ``tsquery`` of every locale when their configs agree, else None."""
    configs = {query.config.config.value for query in queries.values()}
    return next(iter(queries.values())) if len(configs) == 1 else None


def _query_expression(queries: dict):
    """The ``tsquery`` for each entry: shared, or chosen by the entry's locale."""
    from django.contrib.postgres.search import SearchQueryField
    from django.db.models import Case, When

    shared = _shared(queries)
    if shared is not None:
        return shared
    whens = [When(locale_id=pk, then=query) for pk, query in queries.items()]
    return Case(*whens, output_field=SearchQueryField())


def matching(entries, q: str, languages: Languages):
    """``entries`` that hold every word of ``q`` (stemmed in their own language); none when
    ``q`` has no word."""
    words = words_of(q)
    if not words or not languages.locale_ids:
        return entries.none()
    queries = _queries(words, languages)
    shared = _shared(queries)
    if shared is not None:
        return entries.filter(_Matches(_SearchColumn(), shared))
    # One condition per locale: each can use the GIN index (a ``CASE`` could not).
    condition = Q()
    for pk, query in queries.items():
        condition |= Q(locale_id=pk) & Q(_Matches(_SearchColumn(), query))
    return entries.filter(condition)


def capped(entries, ordering=NEWEST):
    """At most ``CAP`` of ``entries`` (the first in ``ordering``), as a queryset of entries
    to order, count and page: a common word reads no more than these."""
    first = entries.order_by(*ordering).values("pk")[:CAP]
    return Entry.objects.filter(pk__in=first)


def ranked(querysets, q: str, languages: Languages) -> list[tuple[str, int]]:
    """``(kind, object_id)`` of the entries of ``querysets`` (one per kind) matching ``q``,
    best match first across all of them, equal matches by id, highest first; at most
    ``CAP`` per queryset, the newest, are ranked."""
    from django.contrib.postgres.search import SearchRank

    words = words_of(q)
    if not words or not languages.locale_ids:
        return []
    rank = SearchRank(
        _SearchColumn(),
        _query_expression(_queries(words, languages)),
        weights=WEIGHTS,
        cover_density=True,
    )
    if len(querysets) == 1:
        found = capped(matching(querysets[0], q, languages)).annotate(rank=rank)
        rows = found.order_by("-rank", "-object_id").values_list("kind", "object_id")
        return list(rows)
    # One capped part per kind, ranked together (a union keeps each part's index walk).
    parts = [
        matching(entries, q, languages)
        .order_by(*NEWEST)
        .annotate(rank=rank)
        .values_list("kind", "object_id", "rank")[:CAP]
        for entries in querysets
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-rank", "-object_id")
    return [(kind, pk) for kind, pk, _ in union]
