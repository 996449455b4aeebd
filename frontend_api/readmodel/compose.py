"""Composing responses from entries: stored text joined with the related items of the moment.

An entry's text has slots for what depends on the response (``frontend_api.readmodel.render``):
the related items in the response's languages, visible now. ``Related`` fetches every
related entry a page of items needs in one query, and ``Composer`` fills the slots:

- a position's ``topics`` (references), ``organisations``, ``signatories`` and ``contacts``
  in the response's languages (with ``fallback``, the German item where no translation is
  visible), in the editor's order; ``translations``: its other visible locales;
- a contact's ``organisation`` in the requested language, else the German one (a contact
  is never shown without its employer because the organisation is not translated yet), and
  its ``topics``: the visible topics naming it, by title.

Visibility is decided in the query (``frontend_api.readmodel.selectors.visible``), so an
expired related item disappears at once; each entry used names its surrogate keys.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.db.models import Q

from frontend_api import surrogate
from frontend_api.links import api_url
from frontend_api.localisation import Languages
from frontend_api.models import Entry, EntryLink
from frontend_api.readmodel.render import SLOT, dumps
from frontend_api.readmodel.selectors import entries, linked_to, visible

POSITION, TOPIC = surrogate.POSITION, surrogate.TOPIC
CONTACT, ORGANISATION = surrogate.CONTACT, surrogate.ORGANISATION
FRAGMENT_FIELDS = ("kind", "object_id", "translation_key", "locale_id", "slug", "title")
# When a fragment stops being what is shown: it expires, or its stored text must be renewed.
MOMENTS = ("expire_at", "refresh_after")
FRAGMENT_TEXT = ("data", "summary", "refs", "keys")


class Fragment:
    """A related entry as a response uses it (a row, not a model instance: a list reads a
    hundred of them)."""

    __slots__ = (*FRAGMENT_FIELDS, *FRAGMENT_TEXT, *MOMENTS)

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)
        self.translation_key = str(self.translation_key)


def joined(texts) -> str:
    return "[" + ",".join(texts) + "]"


class Related:
    """The entries related to a page of items, fetched in one query and picked by language."""

    def __init__(self, items, languages: Languages):
        self.languages = languages
        refs = defaultdict(set)
        for item in items:
            for name in ("topics", "organisations", "contacts"):
                refs[name].update(item.refs.get(name, ()))
            refs["organisations"].update(key for key, _ in item.refs.get("signatories", ()))
            if item.kind == CONTACT:  # a contact's own organisation and topics
                refs["contacts"].add(str(item.translation_key))
        contacts = refs["contacts"]
        # A contact's topics and organisation are found through the contacts' own links.
        wanted = (
            Q(kind=TOPIC, translation_key__in=refs["topics"])
            | Q(kind=ORGANISATION, translation_key__in=refs["organisations"])
            | Q(kind=CONTACT, translation_key__in=contacts)
            | Q(
                kind=TOPIC,
                translation_key__in=EntryLink.objects.filter(
                    rel=CONTACT, kind=TOPIC, key__in=contacts
                ).values("entry__translation_key"),
            )
            | Q(
                kind=ORGANISATION,
                translation_key__in=EntryLink.objects.filter(
                    rel=ORGANISATION, kind=CONTACT, entry__translation_key__in=contacts
                ).values("key"),
            )
        )
        locales = {languages.requested.pk, languages.default.pk} - {None}
        query = Q(wanted, locale_id__in=locales)
        # Translations: the same items in the other locales (not the items again).
        query |= Q(
            Q(kind=items[0].kind, translation_key__in={i.translation_key for i in items}),
            ~Q(object_id__in=[item.object_id for item in items]),
        )
        self.by_key: dict[tuple[str, str], dict[int, Entry]] = defaultdict(dict)
        self.translations = defaultdict(list)
        item_kind = items[0].kind
        item_keys = {str(item.translation_key) for item in items}
        rows = visible(Entry.objects.filter(query)).values_list(*Fragment.__slots__)
        for row in rows:
            entry = Fragment(*row)
            key = entry.translation_key
            if entry.kind == item_kind and key in item_keys:
                self.translations[key].append(entry)
            self.by_key[(entry.kind, key)][entry.locale_id] = entry
        self.topics_of_contact = self._topics_by_contact()

    def pick(self, kind: str, key, locale_ids) -> Entry | None:
        versions = self.by_key.get((kind, str(key)))
        if not versions:
            return None
        for locale_id in locale_ids:
            if locale_id in versions:
                return versions[locale_id]
        return None

    def _topics_by_contact(self) -> dict[str, list[Entry]]:
        """The topics (in the response's languages) naming each contact, by title."""
        found = defaultdict(list)
        for (kind, key), _versions in self.by_key.items():
            if kind != TOPIC:
                continue
            topic = self.pick(TOPIC, key, self.languages.locale_ids)
            if topic is None:
                continue
            for contact_key in dict.fromkeys(topic.refs.get("contacts", ())):
                found[contact_key].append(topic)
        for topics in found.values():
            topics.sort(key=lambda topic: (topic.title, topic.object_id))
        return found


class Composer:
    """Fills the slots of the items of one response."""

    def __init__(self, items, languages: Languages, endpoint: str):
        self.languages = languages
        self.endpoint = endpoint
        # Entries without slots (organisations) need nothing else: no query.
        composed = any(SLOT in item.data for item in items)
        self.related = Related(items, languages) if composed else None
        self.contacts: dict[str, str | None] = {}
        # The first moment at which the composed text may change by time alone.
        self.until = None

    def used(self, entry: Entry) -> None:
        """``entry`` is part of the response: name its keys, and note when it changes."""
        surrogate.add(*entry.keys.split())
        self.note_moments(entry)

    def note_moments(self, entry: Entry) -> None:
        for moment in (entry.expire_at, entry.refresh_after):
            if moment is not None and (self.until is None or moment < self.until):
                self.until = moment

    def changes_at(self, moment):
        """The earlier of ``moment`` and when something composed changes."""
        moments = [m for m in (moment, self.until) if m is not None]
        return min(moments, default=None)

    def compose(self, entry: Entry, text: str | None = None) -> str:
        """The text of ``entry`` with its slots filled."""
        self.used(entry)
        parts = (text if text is not None else entry.data).split(SLOT)
        for index in range(1, len(parts), 2):
            parts[index] = self.slot(entry, parts[index])
        return "".join(parts)

    def slot(self, entry: Entry, name: str) -> str:
        locale_ids = self.languages.locale_ids
        refs = entry.refs
        if name == "topics" and entry.kind == CONTACT:
            topics = self.related.topics_of_contact.get(str(entry.translation_key), [])
            return joined(self.reference(topic) for topic in topics)
        if name == "topics":
            return joined(self.fragments(TOPIC, refs.get("topics", ()), locale_ids, "summary"))
        if name == "organisations":
            return joined(self.fragments(ORGANISATION, refs.get("organisations", ()), locale_ids))
        if name == "organisation":
            key = refs.get("organisation")
            preferred = [self.languages.requested.pk, self.languages.default.pk]
            found = self.fragments(ORGANISATION, [key] if key else [], preferred)
            return found[0] if found else "null"
        if name == "signatories":
            return joined(
                f'{{"organisation":{organisation},"signed_at":{json.dumps(signed)}}}'
                for key, signed in refs.get("signatories", ())
                for organisation in self.fragments(ORGANISATION, [key], locale_ids)
            )
        if name == "contacts":
            return joined(
                self.contact(key) for key in refs.get("contacts", ()) if self.contact(key)
            )
        if name == "translations":
            return joined(self.translation_refs(entry))
        raise ValueError(f"Unknown slot {name!r} in a stored {entry.kind}.")

    def topic_positions(self, topic: Entry, limit: int) -> str:
        """The newest ``limit`` visible positions listing ``topic`` (by translation key: a
        translation lists the source's topics), in the response's languages, as summaries."""
        # Any position published, changed or gone may change them.
        surrogate.add(surrogate.COLLECTIONS[POSITION])
        positions = (
            entries(POSITION, self.languages)
            .filter(pk__in=linked_to(POSITION, TOPIC, [topic.translation_key]))
            .order_by("-published", "-object_id")
            .only("kind", "translation_key", "summary", *MOMENTS)[:limit]
        )
        return joined(self.reference(position) for position in positions)

    def fragments(self, kind: str, keys, locale_ids, field: str = "data") -> list[str]:
        texts = []
        for key in keys:
            found = self.related.pick(kind, key, locale_ids)
            if found is None:
                continue
            if field == "summary":
                texts.append(self.reference(found))
            else:
                texts.append(self.compose(found))
        return texts

    def reference(self, entry: Entry) -> str:
        """``entry`` as another item references it: only its own key is named (what its
        full text shows is not part of the reference)."""
        surrogate.add(surrogate.item_key(entry.kind, entry.translation_key))
        self.note_moments(entry)
        return entry.summary

    def contact(self, key: str) -> str | None:
        if key not in self.contacts:
            found = self.related.pick(CONTACT, key, self.languages.locale_ids)
            self.contacts[key] = self.compose(found) if found is not None else None
        else:
            found = self.related.pick(CONTACT, key, self.languages.locale_ids)
            if found is not None:
                self.used(found)
        return self.contacts[key]

    def translation_refs(self, entry: Entry) -> list[str]:
        others = [
            other
            for other in self.related.translations.get(str(entry.translation_key), [])
            if other.kind == entry.kind and other.locale_id != entry.locale_id
        ]
        codes = self.languages.codes
        others.sort(key=lambda other: codes.get(other.locale_id, ""))
        return [
            dumps(
                {
                    "locale": codes.get(other.locale_id),
                    "api_url": api_url(
                        f"{self.endpoint}-detail",
                        other.slug,
                        query={"locale": codes.get(other.locale_id)},
                    ),
                }
            )
            for other in others
        ]
