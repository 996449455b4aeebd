"""Translations in a bundle: ``"translations": {"en": {"title": …, "body": …}}`` on an item.

They are not written as pages or snippets of their own. Each becomes a wagtail-localize
translation of the source item, with the given texts entered as its translated strings, so
that translators continue in the normal workflow: a translation that covers every string is
published; one that leaves strings out stays a draft in the translation editor, with the
rest waiting for a translator (nothing is ever live with German text in it).

A translated body or intro keeps the source's structure: the same blocks in the same order,
the same number of paragraphs. Its texts are matched to the source's strings by position.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale

from importer.errors import BundleError
from importer.html import rich_text
from importer.reader import ItemReader

# Per section: bundle field → model field. Image alt texts are given as {"alt": …}.
TRANSLATABLE = {
    "organisations": {"name": "name", "short_name": "short_name", "logo": "logo_alt"},
    "contacts": {"role": "role", "photo": "photo_alt"},
    "topics": {
        "title": "title",
        "slug": "slug",
        "intro": "intro",
        "body": "body",
        "image": "image_alt",
    },
    "positions": {
        "title": "title",
        "slug": "slug",
        "teaser": "teaser",
        "body": "body",
        "image": "image_alt",
    },
}
IMAGE_FIELDS = {"logo", "photo", "image"}
MAX_LENGTHS = {"name": 255, "short_name": 80, "role": 255, "title": 255, "teaser": 600}


@dataclass
class ItemTranslation:
    """The texts of one item in one language, as model field → value."""

    path: str
    locale: str
    values: dict


def read_translations(bundle_reader, reader: ItemReader, section: str) -> list[ItemTranslation]:
    """The ``translations`` of the item ``reader`` reads, checked; problems are recorded."""
    value = reader.data.get("translations")
    if value is None:
        return []
    path = reader.field_path("translations")
    if not isinstance(value, dict):
        reader.error("translations", 'must be an object of languages, e.g. {"en": {…}}')
        return []
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    fields = TRANSLATABLE[section]
    translations = []
    for code, texts in value.items():
        item = ItemReader(texts, f"{path}.{code}", reader.problems, set(fields))
        if code == settings.LANGUAGE_CODE or code not in languages:
            others = ", ".join(c for c in languages if c != settings.LANGUAGE_CODE)
            reader.problems.add(f"{path}.{code}", f"not a language to translate into ({others})")
            continue
        if not item.valid:
            continue
        values = {}
        for name, model_field in fields.items():
            if name not in item.data:
                continue
            if name in IMAGE_FIELDS:
                image = item.object(name, {"alt"})
                if image is not None and image.valid:
                    values[model_field] = image.string("alt", required=True, max_length=255)
            elif name == "slug":
                values[model_field] = item.slug("slug")
            elif name == "body":
                values[model_field] = bundle_reader._body(item)
            elif name == "intro":
                values[model_field] = rich_text(item.string("intro", required=True))
            else:
                values[model_field] = item.string(
                    name, required=True, max_length=MAX_LENGTHS.get(name)
                )
        if not values:
            reader.problems.add(f"{path}.{code}", "names no text to translate")
            continue
        translations.append(ItemTranslation(path=item.path, locale=code, values=values))
    return translations


def strings_by_path(instance, field_names) -> dict[str, list[str]]:
    """The translatable strings of ``instance`` in ``field_names``, by content path, in
    order (wagtail-localize's own extraction, so paths match its segments)."""
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue) and segment.path.split(".")[0] in field_names:
            strings[segment.path].append(segment.string.data)
    return strings


def translated_copy(instance, values: dict, path: str):
    """``instance`` in memory with the translated ``values``; a body takes the source's
    block ids (segment paths name them), so it must have the source's blocks."""
    translated = copy.copy(instance)
    for name, value in values.items():
        if name == "body":
            source = instance.body.raw_data
            kinds = [block["type"] for block in source]
            if [block["type"] for block in value] != kinds:
                raise BundleError(
                    [
                        f"{path}.body: has the blocks {[b['type'] for b in value]}, the source "
                        f"has {kinds}: a translation keeps the source's blocks in their order"
                    ]
                )
            value = [
                {**block, "id": original["id"]}
                for block, original in zip(value, source, strict=True)
            ]
        setattr(translated, name, value)
    return translated


def where(instance, path: str) -> str:
    """`` (block 2)`` for a segment path inside a body, for messages a person reads."""
    parts = path.split(".")
    if parts[0] != "body" or len(parts) < 2:
        return ""
    ids = [block["id"] for block in instance.body.raw_data]
    return f" (block {ids.index(parts[1]) + 1})" if parts[1] in ids else ""


class TranslationWriter:
    """Writes the translations of a bundle's items once the items themselves are written."""

    def __init__(self, summary):
        self.summary = summary

    def write(self, instance, translations: list[ItemTranslation]) -> None:
        for item_translation in translations:
            outcome = self._write_one(instance, item_translation)
            self.summary.count("translations", outcome)

    def _write_one(self, instance, item: ItemTranslation) -> str:
        from wagtail_localize.models import StringTranslation, Translation, TranslationSource
        from wagtail_localize.operations import TranslationCreator

        from translations.guard import untranslated_strings

        locale, _ = Locale.objects.get_or_create(language_code=item.locale)
        source, source_created = TranslationSource.get_or_create_from_instance(instance)
        if not source_created:
            source.update_from_db()  # the item may have changed in this very import
        created = not Translation.objects.filter(source=source, target_locale=locale).exists()
        if created:
            TranslationCreator(None, [locale]).create_translations(instance)
        translation = Translation.objects.get(source=source, target_locale=locale)

        fields = set(item.values)
        wanted = strings_by_path(translated_copy(instance, item.values, item.path), fields)
        rows = defaultdict(list)
        for segment in source.stringsegment_set.select_related("string", "context").order_by(
            "order"
        ):
            if segment.context.path.split(".")[0] in fields:
                rows[segment.context.path].append(segment)
        changed = False
        for path, segments in rows.items():
            texts = wanted.get(path, [])
            if len(texts) != len(segments):
                field = path.split(".")[0]
                raise BundleError(
                    [
                        f"{item.path}.{field}: has {len(texts)} texts where the source has "
                        f"{len(segments)}{where(instance, path)}: a translation keeps the "
                        "source's paragraphs and blocks"
                    ]
                )
            for segment, text in zip(segments, texts, strict=True):
                string_translation, made = StringTranslation.objects.get_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={"data": text, "tool_name": "import_content"},
                )
                if made:
                    changed = True
                elif string_translation.data != text:
                    string_translation.data = text
                    string_translation.tool_name = "import_content"
                    string_translation.has_error = False
                    string_translation.save()
                    changed = True
        if not (created or changed):
            return "unchanged"
        missing, _total = untranslated_strings(translation)
        translation.save_target(publish=not missing)
        return "created" if created else "updated"
