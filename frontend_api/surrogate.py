"""Surrogate keys: every response names what it shows, so a CDN can drop exactly those
responses when one of those things changes (``Surrogate-Key`` for Varnish's xkey module,
``Cache-Tag`` for Cloudflare; PRODUCT.md "Operating it").

A response carries
- the *collection key* of each type it lists (``positions``), or whose filter it applies
  (``positions/?topic=x`` also depends on ``topics``: a topic's new slug changes the list);
- an *item key* ``<type>:<translation key>`` of every item it shows or links to, related
  items included (a position's topics, contacts and co-signers; rich-text link targets).
  Links are named whether or not their target is visible now, so that publishing a hidden
  topic also refreshes the positions that will now show it. Images and documents have no
  translation key: they are ``image:<id>`` and ``document:<id>``;
- ``locale:<code>`` of each language it is in (purging them all empties the whole CDN).

A change purges the key of the changed item and its collection key (``frontend_api.purge``).

The keys are gathered while the representation is built: the data builders call ``add`` and
the response cache (``frontend_api.cache``) collects them for the response it builds, in a
context variable, so no builder needs another parameter and no JSON is read back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.dispatch import Signal

POSITION, TOPIC, CONTACT, ORGANISATION = "position", "topic", "contact", "organisation"
IMAGE, DOCUMENT = "image", "document"
LOCALE = "locale"
LOCALES = "locales"  # the locales/ list: it changes only with the settings
# The collection key of each item type: every change of an item of the type purges it too.
COLLECTIONS = {
    POSITION: "positions",
    TOPIC: "topics",
    CONTACT: "contacts",
    ORGANISATION: "organisations",
    IMAGE: "images",
    DOCUMENT: "documents",
}

# The translatable models whose items have a key of their own, by model label.
KINDS = {
    "positions.positionpage": POSITION,
    "home.topicpage": TOPIC,
    "contacts.contact": CONTACT,
    "contacts.memberorganisation": ORGANISATION,
}

HEADERS = ("Surrogate-Key", "Cache-Tag")
# A header this long is still far below what Varnish (``http_resp_hdr_len``, 8 KB by default)
# and Cloudflare (16 KB of Cache-Tag) accept. A list of 100 positions with their people could
# pass it: then the most numerous item keys give way to their collection key (see ``fitted``).
MAX_HEADER_LENGTH = 4000

# Sent, inside the transaction, with ``keys`` that a change affects; ``ops.cdn`` purges them
# once the transaction commits.
keys_changed = Signal()

_collected: ContextVar[set[str] | None] = ContextVar("surrogate_keys", default=None)


def item_key(kind: str, identity) -> str:
    """``position:3f0c…``: ``identity`` is a translation key (or an image's or document's id)."""
    return f"{kind}:{identity}"


def locale_key(code: str) -> str:
    return f"{LOCALE}:{code}"


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys that the code inside adds (the building of one response)."""
    keys: set[str] = set()
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)


def add(*keys: str) -> None:
    """Name ``keys`` in the response being built (outside of one: nothing to do)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(key for key in keys if key)


def add_items(kind: str, identities: Iterable) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.update(item_key(kind, identity) for identity in identities if identity)


def add_languages(languages) -> None:
    """``locale:<code>`` of each language of a response (``frontend_api.localisation``)."""
    add(*(locale_key(lang.code) for lang in (languages.requested, languages.fallback) if lang))


def kind_of(key: str) -> str | None:
    kind, separator, _ = key.partition(":")
    return kind if separator and kind in COLLECTIONS else None


def ordered(keys: Iterable[str]) -> list[str]:
    """Collection keys, then item keys, then locale keys, each sorted: easy to read."""

    def rank(key: str) -> tuple[int, str]:
        if key.startswith(f"{LOCALE}:"):
            return (2, key)
        return (1 if ":" in key else 0, key)

    return sorted(set(keys), key=rank)


def fitted(keys: Iterable[str], limit: int | None = None) -> list[str]:
    """``keys`` in a header of at most ``limit`` characters: while they are too long, the item
    keys of the type that takes most room are replaced by its collection key. Every change of
    an item purges its collection key too, so the response is still purged when it must be,
    if also a little more often."""
    limit = MAX_HEADER_LENGTH if limit is None else limit
    keys = set(keys)
    while len(" ".join(keys)) > limit:
        room: dict[str, int] = {}
        for key in keys:
            kind = kind_of(key)
            if kind is not None:
                room[kind] = room.get(kind, 0) + len(key) + 1
        if not room:
            break
        widest = max(room, key=lambda kind: (room[kind], kind))
        keys = {key for key in keys if kind_of(key) != widest} | {COLLECTIONS[widest]}
    return ordered(keys)


def set_headers(response, keys: Iterable[str]) -> None:
    """``Surrogate-Key`` (spaces between keys: Varnish xkey, Fastly) and ``Cache-Tag``
    (commas: Cloudflare) with the same keys."""
    keys = fitted(keys)
    if keys:
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)
