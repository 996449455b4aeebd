"""Errors of a content import, each naming the item and field it is about."""


class BundleError(Exception):
    """The bundle cannot be imported; ``problems`` lists every reason, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class ProblemList:
    """Collects problems while a bundle is read, so that all of them are reported at once."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise BundleError(self.items)
