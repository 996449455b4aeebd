"""Typed, checked access to one item of a bundle.

Each accessor records a problem naming ``items[i].field`` instead of raising, so that one run
reports everything that is wrong with a bundle.
"""

import datetime
import re
from typing import Any

from importer.errors import ProblemList

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ItemReader:
    """Reads the fields of one JSON object found at ``path`` (e.g. ``positions[3]``)."""

    def __init__(self, data: Any, path: str, problems: ProblemList, allowed: set[str]):
        self.path = path
        self.problems = problems
        self.valid = isinstance(data, dict)
        self.data = data if self.valid else {}
        if not self.valid:
            problems.add(path, f"must be an object, not {type(data).__name__}")
            return
        for name in sorted(set(self.data) - allowed):
            problems.add(f"{path}.{name}", "unknown field")

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}"

    def error(self, name: str, message: str) -> None:
        self.problems.add(self.field_path(name), message)

    def string(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.error(name, "is required")
            return ""
        if not isinstance(value, str):
            self.error(name, f"must be a string, not {type(value).__name__}")
            return ""
        value = value.strip()
        if "\x00" in value:
            self.error(name, "contains a NUL character")
            return ""
        if required and not value:
            self.error(name, "is required")
        if max_length is not None and len(value) > max_length:
            self.error(name, f"is {len(value)} characters long; at most {max_length} are allowed")
        return value

    def slug(self, name: str) -> str:
        value = self.string(name, required=True, max_length=80)
        if value and not SLUG_PATTERN.match(value):
            self.error(
                name,
                f'"{value}" is not a valid key (lower-case letters, digits and hyphens only)',
            )
        return value

    def string_list(self, name: str, *, required: bool = False) -> list[str]:
        value = self.data.get(name)
        if value is None:
            if required:
                self.error(name, "is required")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(name, "must be a list of strings")
            return []
        if required and not value:
            self.error(name, "must name at least one item")
        duplicates = sorted({v for v in value if value.count(v) > 1})
        if duplicates:
            self.error(name, f"names {', '.join(map(repr, duplicates))} more than once")
        return list(value)

    def date(self, name: str, *, required: bool = False) -> datetime.date | None:
        value = self.string(name, required=required)
        if not value:
            return None
        try:
            if len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(name, f'"{value}" is not a date in the form YYYY-MM-DD')
        return None

    def choice(self, name: str, choices: list[str], default: str) -> str:
        value = self.string(name) or default
        if value not in choices:
            self.error(name, f'"{value}" is not one of: {", ".join(choices)}')
        return value

    def object(self, name: str, allowed: set[str]) -> "ItemReader | None":
        value = self.data.get(name)
        if value is None:
            return None
        return ItemReader(value, self.field_path(name), self.problems, allowed)
