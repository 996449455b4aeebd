"""The search index of ``bench/scale.py``'s bulk-loaded positions: the rows Wagtail's
PostgreSQL search backend writes, made in minutes rather than the hour the backend takes.

The backend (``ObjectIndexer``) turns each position's PDF text, 26,000 characters shared by
20,000 positions, into two vectors per row and sends it along; here each PDF's vectors are
made once, in a temporary table, and joined to the vectors of the position's own fields in
SQL. The result is checked against the backend on a sample at every run.
"""

from __future__ import annotations

import time

from bench.common import say

SEARCH_BATCH = 250


def search_parts(indexer, obj, documents: dict) -> list[tuple[str, str, object]]:
    """What Wagtail's search backend indexes of ``obj``, in its order: ``(column, weight,
    text)`` for the position's own fields and ``(column, weight, key)`` for a field of its
    PDF, whose vector is made once per PDF (``vectors``). ``column``: ``title``, ``body``
    or ``autocomplete``, as ``ObjectIndexer`` sorts them."""
    from modelsearch.index import AutocompleteField, RelatedFields, SearchField

    def column(field) -> str | None:
        if isinstance(field, AutocompleteField):
            return "autocomplete"
        if isinstance(field, SearchField):
            return "title" if field.field_name == "title" else "body"
        return None

    parts = []
    for search_field in obj.get_search_fields():
        if isinstance(search_field, RelatedFields):
            document = documents[getattr(obj, f"{search_field.field_name}_id")]
            for number, sub_field in enumerate(search_field.fields):
                for current, weight, _ in indexer.prepare_field(document, sub_field):
                    key = (document.pk, search_field.field_name, number, weight, column(current))
                    parts.append((column(current), weight, key))
        else:
            for current, weight, value in indexer.prepare_field(obj, search_field):
                if column(current) and value.strip():
                    parts.append((column(current), weight, value.strip()))
    return parts


class SearchIndexer:
    """Writes ``wagtailsearch_indexentry`` rows equal to what ``backend.add_bulk`` writes
    (checked on a sample, ``check``), but fast: the backend turns each position's PDF text
    (26,000 characters) into vectors twice per row; here each PDF's vectors are made once,
    in a temporary table, and joined to the vectors of the position's own text in SQL."""

    def __init__(self):
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer
        from wagtail.search.backends import get_search_backend

        from core.models import LigaDocument

        self.backend = get_search_backend()
        self.object_indexer = ObjectIndexer
        self.documents = LigaDocument.objects.in_bulk()
        self.vectors: set[tuple] = set()

    def to_vector(self, column: str) -> str:
        config = self.backend.autocomplete_config if column == "autocomplete" else None
        config = config or self.backend.config
        return (
            f"to_tsvector('{config}'::regconfig, %s::text)" if config else "to_tsvector(%s::text)"
        )

    def remember(self, cursor, key: tuple, column: str) -> None:
        """The vector and text of one field of one PDF, made once."""
        if key in self.vectors:
            return
        if not self.vectors:
            cursor.execute(
                "CREATE TEMPORARY TABLE scale_vectors "
                "(key text PRIMARY KEY, vec tsvector, txt text)"
            )
        document_pk, related, number, weight, _ = key
        from positions.models import PositionPage

        field = next(f for f in PositionPage.get_search_fields() if f.field_name == related)
        indexer = self.object_indexer(self.documents[document_pk], self.backend)
        text = "".join(
            value
            for _, _, value in indexer.prepare_field(
                self.documents[document_pk], field.fields[number]
            )
        ).strip()
        cursor.execute(
            "INSERT INTO scale_vectors VALUES (%s, setweight("  # noqa: S608 - no input
            + self.to_vector(column)
            + ', %s::"char"), %s)',
            [repr(key), text, weight, text],
        )
        self.vectors.add(key)

    def add(self, positions: list) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from positions.models import PositionPage

        content_type = ContentType.objects.get_for_model(PositionPage).pk
        rows_sql, params = [], []
        with connection.cursor() as cursor:
            for position in positions:
                parts = search_parts(
                    self.object_indexer(position, self.backend), position, self.documents
                )
                expressions = {"title": [], "autocomplete": [], "body": []}
                texts = {"title": [], "body": []}
                row_params = {
                    "title": [],
                    "autocomplete": [],
                    "body": [],
                    "title_text": [],
                    "body_text": [],
                }
                for column, weight, value in parts:
                    if isinstance(value, tuple):
                        self.remember(cursor, value, column)
                        expressions[column].append("(SELECT vec FROM scale_vectors WHERE key = %s)")
                        row_params[column].append(repr(value))
                        if column in texts:
                            texts[column].append("(SELECT txt FROM scale_vectors WHERE key = %s)")
                            row_params[f"{column}_text"].append(repr(value))
                    else:
                        expressions[column].append(
                            f'setweight({self.to_vector(column)}, %s::"char")'
                        )
                        row_params[column] += [value, weight]
                        if column in texts:
                            texts[column].append("%s::text")
                            row_params[f"{column}_text"].append(value)
                vectors = [
                    " || ".join(expressions[column]) or "to_tsvector('')"
                    for column in ("title", "autocomplete", "body")
                ]
                text_columns = [
                    "concat_ws(' ', " + ", ".join(texts[column]) + ")" if texts[column] else "''"
                    for column in ("title", "body")
                ]
                rows_sql.append(
                    f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, "
                    f"{text_columns[0]}, {text_columns[1]})"
                )
                params += [content_type, str(position.pk)]
                for name in ("title", "autocomplete", "body", "title_text", "body_text"):
                    params += row_params[name]
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "  # noqa: S608
                "autocomplete, body, title_norm, title_text, body_text) VALUES "
                + ", ".join(rows_sql),
                params,
            )

    def check(self, positions: list) -> None:
        """Re-index ``positions`` with the backend itself: every column must stay equal."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from positions.models import PositionPage

        columns = "title::text, autocomplete::text, body::text, title_text, body_text"
        ids = [str(position.pk) for position in positions]
        content_type = ContentType.objects.get_for_model(PositionPage).pk
        query = (
            f"SELECT object_id, {columns} FROM wagtailsearch_indexentry "  # noqa: S608
            "WHERE content_type_id = %s AND object_id = ANY(%s) ORDER BY object_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [content_type, ids])
            ours = cursor.fetchall()
            self.backend.add_bulk(PositionPage, positions)
            cursor.execute(query, [content_type, ids])
            theirs = cursor.fetchall()
        for mine, wagtails in zip(ours, theirs, strict=False):
            for name, a, b in zip(("id", *columns.split(", ")), mine, wagtails, strict=True):
                if a != b:
                    say(f"    {name} differs:\n      ours   {a[:300]!r}\n      theirs {b[:300]!r}")
        if ours != theirs or len(ours) != len(ids):
            raise SystemExit(
                "The bulk search index differs from Wagtail's backend: fix search_parts."
            )
        say(f"    search index checked against Wagtail's backend on {len(ids)} positions: equal")


def index_for_search(ids: list[int]) -> None:
    """Index the loaded positions for search: the rows Wagtail's backend writes (see
    ``SearchIndexer``), in batches by id; then the title norms, as the backend does."""
    from positions.models import PositionPage

    indexer = SearchIndexer()
    # Without the PDFs: their vectors are made once, by key (SearchIndexer.remember).
    queryset = PositionPage.objects.all()
    started = time.perf_counter()
    for start in range(0, len(ids), SEARCH_BATCH):
        chunk = ids[start : start + SEARCH_BATCH]
        indexer.add(list(queryset.filter(pk__in=chunk)))
        done = start + len(chunk)
        if (start // SEARCH_BATCH) % 40 == 39 or done == len(ids):
            rate = done / (time.perf_counter() - started)
            say(f"    {done}/{len(ids)} indexed ({rate:.0f}/s)")
    sample = ids[:: max(1, len(ids) // 5)][:5]
    indexer.check(list(PositionPage.get_indexed_objects().filter(pk__in=sample)))
    indexer.backend.get_index_for_model(PositionPage)._refresh_title_norms()
