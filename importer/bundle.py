"""Reading a content bundle (``liga-content-bundle/1``) into checked, typed items.

Nothing here writes to the database: every problem of the bundle is collected first, so
that a bad bundle is refused whole, with one message per problem naming item and field.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from contacts.phone import normalise_phone
from home.blocks import BodyBlock
from importer.errors import BundleError, ProblemList
from importer.html import body_blocks, rich_text
from importer.media import MediaFile, check_document, check_image, read_bundle_file
from importer.reader import ItemReader
from importer.translations import read_translations

BUNDLE_FORMAT = "liga-content-bundle/1"
POSITION_KINDS = ["position_paper", "statement", "press_release", "open_letter"]


@dataclass
class ImageRef:
    media: MediaFile
    alt: str


@dataclass
class OrganisationItem:
    path: str
    key: str
    name: str
    short_name: str
    website: str
    logo: ImageRef | None
    translations: list = field(default_factory=list)


@dataclass
class ContactItem:
    path: str
    key: str
    honorific: str
    given_name: str
    family_name: str
    role: str
    organisation: str
    email: str
    phone: str
    photo: ImageRef | None
    translations: list = field(default_factory=list)


@dataclass
class TopicItem:
    path: str
    slug: str
    title: str
    intro: str
    body: list[dict]
    contacts: list[str]
    image: ImageRef | None
    translations: list = field(default_factory=list)


@dataclass
class PositionItem:
    path: str
    slug: str
    title: str
    teaser: str
    body: list[dict]
    kind: str
    published: datetime.date | None
    topics: list[str]
    contacts: list[str]
    organisations: list[str]
    image: ImageRef | None
    document: MediaFile | None
    translations: list = field(default_factory=list)


@dataclass
class Bundle:
    """A checked bundle: its locale and its items in import order."""

    root: Path
    locale: str
    organisations: list[OrganisationItem] = field(default_factory=list)
    contacts: list[ContactItem] = field(default_factory=list)
    topics: list[TopicItem] = field(default_factory=list)
    positions: list[PositionItem] = field(default_factory=list)


def block_error_text(exc: ValidationError) -> str:
    """A StreamField validation error as one line (block errors are nested by index)."""
    data = getattr(exc, "as_json_data", None)
    if data is None:
        return " ".join(exc.messages)
    messages = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                label = f"block {int(key) + 1}" if str(key).isdigit() else str(key)
                walk(value, [*path, label] if key not in ("blockErrors", "messages") else path)
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        elif isinstance(node, str):
            messages.append(f"{'.'.join(path)}: {node}" if path else node)

    walk(data(), [])
    return "; ".join(messages) or " ".join(exc.messages)


class BundleReader:
    """Reads ``content.json`` and the media it names; raises BundleError listing all problems."""

    def __init__(self, path: Path):
        path = Path(path)
        self.content_path = path / "content.json" if path.is_dir() else path
        self.root = self.content_path.parent
        self.problems = ProblemList()

    def read(self) -> Bundle:
        data = self._load_json()
        top = ItemReader(
            data,
            "content.json",
            self.problems,
            {"format", "locale", "organisations", "contacts", "topics", "positions"},
        )
        self.problems.raise_if_any()
        if top.data.get("format") != BUNDLE_FORMAT:
            top.error(
                "format", f'must be "{BUNDLE_FORMAT}", not {json.dumps(top.data.get("format"))}'
            )
        locale = top.string("locale", required=True)
        languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if locale and locale not in languages:
            top.error("locale", f'unknown locale "{locale}" (configured: {", ".join(languages)})')
        elif locale and locale != settings.LANGUAGE_CODE:
            # Items of another language must be translations of the source items, made with
            # wagtail-localize; a bundle of its own would build a second, unrelated tree.
            top.error(
                "locale",
                f'"{locale}": bundles are imported in the source language '
                f'"{settings.LANGUAGE_CODE}"; translations go into each item\'s "translations"',
            )
        bundle = Bundle(root=self.root, locale=locale)
        bundle.organisations = self._items(data, "organisations", self._organisation)
        bundle.contacts = self._items(data, "contacts", self._contact)
        bundle.topics = self._items(data, "topics", self._topic)
        bundle.positions = self._items(data, "positions", self._position)
        self._check_unique(bundle)
        self.problems.raise_if_any()
        return bundle

    def _load_json(self):
        if not self.content_path.is_file():
            raise BundleError(
                [
                    f"{self.content_path}: no such file (expected a bundle folder "
                    "with content.json or the path of content.json)"
                ]
            )
        try:
            return json.loads(self.content_path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise BundleError(
                [f"content.json: not UTF-8 text ({exc.reason} at byte {exc.start})"]
            ) from exc
        except json.JSONDecodeError as exc:
            raise BundleError(
                [f"content.json: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
            ) from exc

    def _items(self, data: dict, name: str, read_item) -> list:
        values = data.get(name, [])
        if not isinstance(values, list):
            self.problems.add(name, "must be a list")
            return []
        items = []
        for index, value in enumerate(values):
            item = read_item(value, f"{name}[{index}]")
            if item is not None:
                items.append(item)
        return items

    # Media -------------------------------------------------------------------------------

    def _media(
        self, reader: ItemReader, name: str, path: str, label: str, check, max_size: int
    ) -> MediaFile | None:
        try:
            data = read_bundle_file(self.root, path, max_size)
            media = MediaFile(path=path, data=data, label=label)
            check(media)
        except ValueError as exc:
            reader.error(name, str(exc))
            return None
        except ValidationError as exc:
            reader.error(name, f'"{path}": {" ".join(exc.messages)}')
            return None
        return media

    def _image(self, reader: ItemReader, name: str, default_alt: str = "") -> ImageRef | None:
        value = reader.data.get(name)
        if value is None:
            return None
        # A bare path is accepted where the alt text can be derived (organisation logos).
        if isinstance(value, str) and default_alt:
            value = {"file": value, "alt": default_alt}
        image = ItemReader(value, reader.field_path(name), self.problems, {"file", "alt"})
        if not image.valid:
            return None
        path = image.string("file", required=True)
        alt = image.string("alt", max_length=255) or default_alt
        if not alt:
            image.error("alt", "is required: describe the image for people who cannot see it")
        if not path:
            return None
        max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
        media = self._media(image, "file", path, alt, check_image, max_size)
        return ImageRef(media=media, alt=alt) if media else None

    def _document(self, reader: ItemReader, title_default: str) -> MediaFile | None:
        document = reader.object("document", {"file", "title"})
        if document is None or not document.valid:
            return None
        path = document.string("file", required=True)
        title = document.string("title", max_length=255) or title_default
        if not path:
            return None
        max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        return self._media(document, "file", path, title, check_document, max_size)

    def _body(self, reader: ItemReader) -> list[dict]:
        """The body as StreamField blocks, checked by the same rules as the editor's form."""
        blocks = body_blocks(reader.string("body"))
        try:
            block = BodyBlock(required=False)  # the body field itself may stay empty
            block.clean(block.to_python(blocks))
        except ValidationError as exc:
            reader.error("body", f"does not fit the page body: {block_error_text(exc)}")
        return blocks

    # Items -------------------------------------------------------------------------------

    def _organisation(self, value, path: str) -> OrganisationItem | None:
        reader = ItemReader(
            value,
            path,
            self.problems,
            {"key", "name", "short_name", "website", "logo", "translations"},
        )
        if not reader.valid:
            return None
        name = reader.string("name", required=True, max_length=255)
        website = reader.string("website", max_length=200)
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                reader.error("website", f'"{website}" is not a valid http(s) URL')
        return OrganisationItem(
            path=path,
            translations=read_translations(self, reader, "organisations"),
            key=reader.slug("key"),
            name=name,
            short_name=reader.string("short_name", max_length=80),
            website=website,
            logo=self._image(reader, "logo", default_alt=f"Logo {name}" if name else ""),
        )

    def _contact(self, value, path: str) -> ContactItem | None:
        allowed = {
            "key",
            "given_name",
            "family_name",
            "honorific",
            "role",
            "organisation",
            "email",
            "phone",
            "photo",
            "translations",
        }
        reader = ItemReader(value, path, self.problems, allowed)
        if not reader.valid:
            return None
        email = reader.string("email", max_length=254)
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                reader.error("email", f'"{email}" is not a valid e-mail address')
        phone = reader.string("phone", max_length=40)
        if phone:
            try:
                normalise_phone(phone)
            except ValidationError as exc:
                reader.error("phone", " ".join(exc.messages))
        return ContactItem(
            path=path,
            translations=read_translations(self, reader, "contacts"),
            key=reader.slug("key"),
            honorific=reader.string("honorific", max_length=40),
            given_name=reader.string("given_name", required=True, max_length=120),
            family_name=reader.string("family_name", required=True, max_length=120),
            role=reader.string("role", max_length=255),
            organisation=reader.string("organisation"),
            email=email,
            phone=phone,
            photo=self._image(reader, "photo"),
        )

    def _topic(self, value, path: str) -> TopicItem | None:
        allowed = {"slug", "title", "intro", "body", "contacts", "image", "translations"}
        reader = ItemReader(value, path, self.problems, allowed)
        if not reader.valid:
            return None
        intro = rich_text(reader.string("intro", required=True))
        if reader.data.get("intro") and not intro:
            reader.error("intro", "has no text left after removing disallowed HTML")
        return TopicItem(
            path=path,
            translations=read_translations(self, reader, "topics"),
            slug=reader.slug("slug"),
            title=reader.string("title", required=True, max_length=255),
            intro=intro,
            body=self._body(reader),
            contacts=reader.string_list("contacts"),
            image=self._image(reader, "image"),
        )

    def _position(self, value, path: str) -> PositionItem | None:
        allowed = {
            "slug",
            "title",
            "teaser",
            "body",
            "kind",
            "published",
            "topics",
            "contacts",
            "organisations",
            "image",
            "document",
            "translations",
        }
        reader = ItemReader(value, path, self.problems, allowed)
        if not reader.valid:
            return None
        title = reader.string("title", required=True, max_length=255)
        return PositionItem(
            path=path,
            translations=read_translations(self, reader, "positions"),
            slug=reader.slug("slug"),
            title=title,
            teaser=reader.string("teaser", required=True, max_length=600),
            body=self._body(reader),
            kind=reader.choice("kind", POSITION_KINDS, default="position_paper"),
            published=reader.date("published", required=True),
            topics=reader.string_list("topics", required=True),
            contacts=reader.string_list("contacts"),
            organisations=reader.string_list("organisations"),
            image=self._image(reader, "image"),
            document=self._document(reader, title_default=title),
        )

    def _check_unique(self, bundle: Bundle) -> None:
        for section, attr in (
            ("organisations", "key"),
            ("contacts", "key"),
            ("topics", "slug"),
            ("positions", "slug"),
        ):
            seen: dict[str, str] = {}
            for item in getattr(bundle, section):
                value = getattr(item, attr)
                if value in seen:
                    self.problems.add(
                        f"{item.path}.{attr}", f'duplicate {attr} "{value}" (also {seen[value]})'
                    )
                elif value:
                    seen[value] = item.path
