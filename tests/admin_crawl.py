"""Finding English in the German admin: the visible text of a page (and the labels of the
sidebar, which arrive as JSON), checked against words of Wagtail's and Django's English.

A word list, not a language detector: each word is one the admin shows when a string is
left untranslated. ``ALLOWED`` holds what is English but correct (names, technical tokens).
"""

import html
import json
import re

ENGLISH = [
    "Edit",
    "Save",
    "Delete",
    "Cancel",
    "Search",
    "Locale",
    "More actions",
    "Password",
    "translation",
    "Translate",
    "approval",
    "to",
    "Publish",
    "Sign in",
    "Log out",
    "Settings",
    "Pages",
    "Images",
    "Documents",
    "Reports",
    "Draft",
    "Preview",
    "History",
    "Add",
    "Choose",
    "Sort",
    "Submit",
    "Close",
    "Loading",
    "Required",
    "Your",
    "the",
    "and",
    "of",
    "for",
    "with",
    "this",
    "Anyone",
    "Language",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
]
WORDS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")
# English that is right where it stands: language names in their own language (the locale
# switcher), product and file-format names.
ALLOWED = {"English", "Wagtail", "PDF", "LIGA", "Deutsch"}

SCRIPT_OR_STYLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
LABELLED = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', re.S)


def json_labels(node):
    if isinstance(node, dict):
        if isinstance(node.get("label"), str):
            yield node["label"]
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            yield from json_labels(child)


def texts(page: str) -> list[str]:
    """The text a person reads or hears on ``page``: its text nodes, the labels of its
    controls and the sidebar's menu labels."""
    found = [html.unescape(value) for value in LABELLED.findall(page)]
    sidebar = SIDEBAR.search(page)
    if sidebar:
        found.extend(json_labels(json.loads(sidebar[1])))
    body = TAG.sub("\n", SCRIPT_OR_STYLE.sub("", page))
    found.extend(html.unescape(line).strip() for line in body.splitlines())
    return [text for text in found if text]


def english(page: str, content: tuple = ()) -> list[str]:
    """Each text of ``page`` with an English word in it (``content``: texts of the content
    itself, e.g. an English translation's title, which may well be English)."""
    hits = []
    for text in texts(page):
        if any(part in text for part in content):
            continue
        stripped = text
        for word in ALLOWED:
            stripped = stripped.replace(word, "")
        if WORDS.search(stripped):
            hits.append(text)
    return sorted(set(hits))
