"""What translators have to do: per target locale, every German page and snippet that is not
translated, whose translation is in progress, or whose translation is older than the source.

A German object and a locale make one row. Its state:

- ``untranslated``: nothing exists in the locale yet (no translated object, no translation
  under way);
- ``in_progress``: wagtail-localize's translation exists and not every string is translated
  (``Translation.get_progress``);
- ``outdated``: the German source was saved after the translation last took its strings
  (the source's latest revision is newer than ``TranslationSource.last_updated_at``), so
  the translation should be synced and completed;
- ``links_missing``: translated, but linked topics or contacts are not (see below);
- complete rows are not listed.

A translated object may link German topics and contact people that have no translation in
that locale yet; the API leaves those out of the translation, so each row names them
(``missing_links``) and the worklist offers to submit them.
"""

from dataclasses import dataclass, field

from django.db.models import ForeignKey
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource

UNTRANSLATED = "untranslated"
IN_PROGRESS = "in_progress"
OUTDATED = "outdated"
LINKS_MISSING = "links_missing"


@dataclass
class Row:
    source: object  # the German page (specific) or snippet
    locale: Locale
    state: str
    translation: Translation | None = None
    target: object | None = None
    progress: tuple[int, int] = (0, 0)  # (total, translated), as get_progress
    missing_links: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        total, done = self.progress
        return round(100 * done / total) if total else 100


def target_locales(code: str | None = None):
    """Every locale but the default (German), or the one named by ``code``."""
    locales = Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")
    return locales.filter(language_code=code) if code else locales


def translatable_snippet_models() -> list:
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def german_objects() -> list:
    """Every German page below the root and every translatable German snippet."""
    default = Locale.get_default()
    pages = list(
        Page.objects.filter(locale=default, depth__gt=1)
        .order_by("path")
        .specific()
        .select_related("latest_revision")
    )
    snippets = []
    for model in translatable_snippet_models():
        queryset = model.objects.filter(locale=default).order_by("pk")
        if hasattr(model, "latest_revision"):
            queryset = queryset.select_related("latest_revision")
        snippets.extend(queryset)
    return pages + snippets


def base_model(instance):
    return Page if isinstance(instance, Page) else type(instance)


def changed_at(instance):
    """When the German object was last saved (its latest revision), or None."""
    revision = getattr(instance, "latest_revision", None)
    return revision.created_at if revision is not None else None


def existing_translations(objects) -> set[tuple]:
    """``(translation_key, locale_id)`` of every object that exists in some locale."""
    by_model: dict = {}
    for instance in objects:
        by_model.setdefault(base_model(instance), []).append(instance.translation_key)
    existing = set()
    for model, keys in by_model.items():
        existing |= set(
            model.objects.filter(translation_key__in=keys).values_list(
                "translation_key", "locale_id"
            )
        )
    return existing


def linked_translatables(instance) -> list:
    """German topics, contacts and organisations ``instance`` links to: through its own
    foreign keys and those of its inline rows (``topic_links``, ``contact_links`` …)."""
    linked = []

    def follow(obj, skip=None):
        for model_field in obj._meta.concrete_fields:
            if not isinstance(model_field, ForeignKey) or model_field.name == skip:
                continue
            related = model_field.related_model
            if issubclass(related, TranslatableMixin) and getattr(obj, model_field.attname):
                linked.append(getattr(obj, model_field.name))

    follow(instance)
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            follow(child, skip=relation.field.name)
    seen, unique = set(), []
    for obj in linked:
        obj = obj.specific if isinstance(obj, Page) else obj
        if obj.translation_key not in seen:
            seen.add(obj.translation_key)
            unique.append(obj)
    return unique


def missing_links(instance, locale, existing=None) -> list:
    """The linked objects of ``instance`` that have no translation in ``locale``."""
    linked = linked_translatables(instance)
    if existing is None:
        existing = existing_translations(linked)
    return [obj for obj in linked if (obj.translation_key, locale.pk) not in existing]


def worklist(locales) -> dict:
    """``{locale: [Row, …]}`` for ``locales``: untranslated first, then in progress, then
    outdated, each in tree (pages) and key order (snippets)."""
    objects = german_objects()
    existing = existing_translations(objects)
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=[o.translation_key for o in objects], locale=Locale.get_default()
        )
    }
    translations = {
        (t.source.object_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            enabled=True, source__in=sources.values(), target_locale__in=locales
        ).select_related("source", "target_locale")
    }
    order = {UNTRANSLATED: 0, IN_PROGRESS: 1, OUTDATED: 2, LINKS_MISSING: 3}
    result = {}
    for locale in locales:
        rows = []
        for instance in objects:
            row = row_for(instance, locale, translations, existing)
            if row is not None:
                rows.append(row)
        rows.sort(key=lambda row: order[row.state])
        result[locale] = rows
    return result


def row_for(instance, locale, translations, existing) -> Row | None:
    translation = translations.get((instance.translation_key, locale.pk))
    exists = (instance.translation_key, locale.pk) in existing
    if translation is None:
        return None if exists else Row(instance, locale, UNTRANSLATED)
    row = Row(instance, locale, IN_PROGRESS, translation=translation)
    row.progress = translation.get_progress()
    if exists:
        row.target = base_model(instance).objects.get(
            translation_key=instance.translation_key, locale=locale
        )
        row.missing_links = missing_links(instance, locale)
    changed = changed_at(instance)
    outdated = changed is not None and changed > translation.source.last_updated_at
    if row.percent == 100:
        if not outdated and not row.missing_links:
            return None
        row.state = OUTDATED if outdated else LINKS_MISSING
    return row


def counts(rows_by_locale) -> list[tuple]:
    """``[(locale, {state: count}), …]`` for the dashboard panel."""
    states = (UNTRANSLATED, IN_PROGRESS, OUTDATED, LINKS_MISSING)
    return [
        (locale, {state: sum(row.state == state for row in rows) for state in states})
        for locale, rows in rows_by_locale.items()
    ]
