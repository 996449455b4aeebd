"""Writing a checked bundle: upsert by key/slug, publish a revision only when something changed.

Everything runs in one transaction (see ``import_bundle``); files stored on the way are
deleted again when the transaction is rolled back, so a failed or dry run leaves nothing.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from wagtail.models import Locale, Page, Site

from contacts.models import Contact, MemberOrganisation
from home.models import HomePage, TopicContact, TopicIndexPage, TopicPage
from importer.bundle import Bundle, ImageRef
from importer.errors import BundleError, ProblemList
from importer.media import MediaStore
from importer.translations import TranslationWriter
from positions.models import (
    PositionContact,
    PositionIndexPage,
    PositionOrganisation,
    PositionPage,
    PositionTopic,
)

SECTIONS = ("organisations", "contacts", "topics", "positions")
# What the summary counts: the sections, then the translations of their items.
COUNTED = (*SECTIONS, "translations")


@dataclass
class ImportSummary:
    """Counts of created, updated and unchanged items per section."""

    counts: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in COUNTED})
    media: MediaStore | None = None

    def count(self, section: str, outcome: str) -> None:
        self.counts[section][outcome] += 1

    def lines(self) -> list[str]:
        lines = [
            f"{section}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for section, c in self.counts.items()
        ]
        if self.media is not None:
            for kind in ("images", "documents"):
                lines.append(
                    f"{kind}: {self.media.created[kind]} created, "
                    f"{self.media.updated[kind]} updated, {self.media.unchanged[kind]} reused"
                )
        return lines

    @property
    def changed(self) -> bool:
        media_changed = self.media is not None and any(self.media.updated.values())
        return media_changed or any(c["created"] or c["updated"] for c in self.counts.values())


class DryRun(Exception):
    """Raised at the end of a dry run to roll its transaction back."""


def validation_problems(path: str, exc: ValidationError) -> list[str]:
    """Model validation messages, each prefixed with the item and field they concern."""
    if not hasattr(exc, "error_dict"):
        return [f"{path}: {message}" for message in exc.messages]
    return [
        f"{path}.{name}: {message}" if name != NON_FIELD_ERRORS else f"{path}: {message}"
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def block_signature(stream_value) -> list:
    """The content of a StreamField without the random block ids, for comparison."""
    return [(block["type"], block["value"]) for block in stream_value.raw_data]


class BundleWriter:
    """Upserts the items of a bundle in dependency order."""

    def __init__(self, bundle: Bundle, progress=None):
        self.bundle = bundle
        self.progress = progress or (lambda section, done, total: None)
        self.media = MediaStore()
        self.summary = ImportSummary(media=self.media)

    def write(self) -> ImportSummary:
        self.locale = Locale.objects.get_or_create(language_code=self.bundle.locale)[0]
        self._resolve_references()
        home = self._home_page()
        self.topic_index = self._child_index(home, TopicIndexPage, "Themen", "themen")
        self.position_index = self._child_index(home, PositionIndexPage, "Positionen", "positionen")
        for section in SECTIONS:
            items = getattr(self.bundle, section)
            upsert = getattr(self, f"_upsert_{section[:-1]}")
            for done, item in enumerate(items, start=1):
                try:
                    outcome = upsert(item)
                except ValidationError as exc:
                    raise BundleError(validation_problems(item.path, exc)) from exc
                self.summary.count(section, outcome)
                self.progress(section, done, len(items))
        self._write_translations()
        return self.summary

    def _write_translations(self) -> None:
        """Each item's translations, once all items are written (a translated contact
        names its organisation's translation, so the order of the sections holds here too)."""
        writer = TranslationWriter(self.summary)
        models = {
            "organisations": (MemberOrganisation, "key"),
            "contacts": (Contact, "key"),
            "topics": (TopicPage, "slug"),
            "positions": (PositionPage, "slug"),
        }
        for section in SECTIONS:
            model, identity = models[section]
            for item in getattr(self.bundle, section):
                if not item.translations:
                    continue
                instance = model.objects.get(
                    locale=self.locale, **{identity: getattr(item, identity)}
                )
                try:
                    writer.write(instance, item.translations)
                except ValidationError as exc:
                    raise BundleError(validation_problems(item.path, exc)) from exc

    # References --------------------------------------------------------------------------

    def _resolve_references(self) -> None:
        """Every key a bundle names must exist in the bundle or already in the hub."""
        problems = ProblemList()
        known = {
            "organisation": {o.key for o in self.bundle.organisations}
            | set(
                MemberOrganisation.objects.filter(locale=self.locale).values_list("key", flat=True)
            ),
            "contact": {c.key for c in self.bundle.contacts}
            | set(Contact.objects.filter(locale=self.locale).values_list("key", flat=True)),
            "topic": {t.slug for t in self.bundle.topics}
            | set(TopicPage.objects.filter(locale=self.locale).values_list("slug", flat=True)),
        }

        def check(item, field_name, kind, values):
            for value in values:
                if value and value not in known[kind]:
                    problems.add(f"{item.path}.{field_name}", f'unknown {kind} "{value}"')

        for contact in self.bundle.contacts:
            check(contact, "organisation", "organisation", [contact.organisation])
        for topic in self.bundle.topics:
            check(topic, "contacts", "contact", topic.contacts)
        for position in self.bundle.positions:
            check(position, "topics", "topic", position.topics)
            check(position, "contacts", "contact", position.contacts)
            check(position, "organisations", "organisation", position.organisations)
        problems.raise_if_any()

    # Site structure ----------------------------------------------------------------------

    def _home_page(self) -> HomePage:
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title="LIGA der Freien Wohlfahrtspflege in Sachsen",
                slug=f"home-{self.locale.language_code}",
                locale=self.locale,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self._point_default_site_at(home)
        return home

    @staticmethod
    def _point_default_site_at(home: HomePage) -> None:
        """Replace Wagtail's placeholder "Welcome" root by the new home page, if it is there."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        elif type(site.root_page.specific) is Page:
            placeholder = site.root_page
            site.root_page = home
            site.save()
            if not placeholder.get_children().exists():
                placeholder.delete()

    def _child_index(self, home, model, title, slug):
        index = model.objects.child_of(home).first()
        if index is None:
            index = model(title=title, slug=slug, locale=self.locale)
            home.add_child(instance=index)
            index.save_revision().publish()
        return index

    # Helpers -----------------------------------------------------------------------------

    def _image(self, ref: ImageRef | None):
        return self.media.image(ref.media) if ref else None

    def _by_key(self, model, keys):
        objects = {o.key: o for o in model.objects.filter(locale=self.locale, key__in=keys)}
        return [objects[key] for key in keys]

    def _topics(self, slugs):
        topics = {t.slug: t for t in TopicPage.objects.filter(locale=self.locale, slug__in=slugs)}
        return [topics[slug] for slug in slugs]

    @staticmethod
    def _apply(obj, values: dict) -> bool:
        """Set ``values`` on ``obj``; return whether anything differed."""
        changed = False
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        return changed

    @staticmethod
    def _links_differ(current, wanted_ids, attr) -> bool:
        return [getattr(link, f"{attr}_id") for link in current.all()] != wanted_ids

    @staticmethod
    def _publish_page(page, parent, created: bool) -> None:
        # Page.save() and save_revision() run full_clean(), so model rules apply here too.
        if created:
            parent.add_child(instance=page)
        page.save_revision().publish()

    # Upserts -----------------------------------------------------------------------------

    def _upsert_organisation(self, item) -> str:
        org = MemberOrganisation.objects.filter(key=item.key, locale=self.locale).first()
        created = org is None
        if created:
            org = MemberOrganisation(key=item.key, locale=self.locale)
        values = {
            "name": item.name,
            "short_name": item.short_name,
            "website": item.website,
            "logo": self._image(item.logo),
            "logo_alt": item.logo.alt if item.logo else "",
        }
        if not self._apply(org, values) and not created:
            return "unchanged"
        org.full_clean()
        if created:
            org.save()
        org.save_revision().publish()
        return "created" if created else "updated"

    def _upsert_contact(self, item) -> str:
        contact = Contact.objects.filter(key=item.key, locale=self.locale).first()
        created = contact is None
        if created:
            contact = Contact(key=item.key, locale=self.locale)
        organisation = (
            self._by_key(MemberOrganisation, [item.organisation])[0] if item.organisation else None
        )
        values = {
            "honorific": item.honorific,
            "given_name": item.given_name,
            "family_name": item.family_name,
            "role": item.role,
            "organisation": organisation,
            "email": item.email,
            "phone": item.phone,
            "photo": self._image(item.photo),
            "photo_alt": item.photo.alt if item.photo else "",
        }
        changed = self._apply(contact, values)
        if not changed and not created:
            return "unchanged"
        contact.full_clean()
        if created:
            contact.save()
        contact.save_revision().publish()
        return "created" if created else "updated"

    def _upsert_topic(self, item) -> str:
        page = TopicPage.objects.filter(slug=item.slug, locale=self.locale).first()
        created = page is None
        if created:
            page = TopicPage(slug=item.slug, locale=self.locale)
        contacts = self._by_key(Contact, item.contacts)
        image = self._image(item.image)
        changed = self._apply(
            page,
            {
                "title": item.title,
                "intro": item.intro,
                "image": image,
                "image_alt": item.image.alt if item.image else "",
            },
        )
        if created or block_signature(page.body) != [(b["type"], b["value"]) for b in item.body]:
            page.body = item.body
            changed = True
        if created or self._links_differ(page.contact_links, [c.pk for c in contacts], "contact"):
            page.contact_links = [
                TopicContact(contact=c, sort_order=i) for i, c in enumerate(contacts)
            ]
            changed = True
        if not changed:
            return "unchanged"
        self._publish_page(page, self.topic_index, created)
        return "created" if created else "updated"

    def _upsert_position(self, item) -> str:
        page = PositionPage.objects.filter(slug=item.slug, locale=self.locale).first()
        created = page is None
        if created:
            page = PositionPage(slug=item.slug, locale=self.locale)
        topics = self._topics(item.topics)
        contacts = self._by_key(Contact, item.contacts)
        organisations = self._by_key(MemberOrganisation, item.organisations)
        document = self.media.document(item.document) if item.document else None
        changed = self._apply(
            page,
            {
                "title": item.title,
                "teaser": item.teaser,
                "kind": item.kind,
                "published": item.published,
                "image": self._image(item.image),
                "image_alt": item.image.alt if item.image else "",
                "document": document,
            },
        )
        if created or block_signature(page.body) != [(b["type"], b["value"]) for b in item.body]:
            page.body = item.body
            changed = True
        relations = (
            ("topic_links", PositionTopic, "topic", topics),
            ("contact_links", PositionContact, "contact", contacts),
            ("organisation_links", PositionOrganisation, "organisation", organisations),
        )
        for relation, model, attr, targets in relations:
            wanted = [t.pk for t in targets]
            if created or self._links_differ(getattr(page, relation), wanted, attr):
                setattr(
                    page,
                    relation,
                    [model(**{attr: t, "sort_order": i}) for i, t in enumerate(targets)],
                )
                changed = True
        if not changed:
            return "unchanged"
        self._publish_page(page, self.position_index, created)
        return "created" if created else "updated"


def hub_has_content() -> bool:
    """Whether anything an import would write exists already."""
    return any(
        model.objects.exists() for model in (MemberOrganisation, Contact, TopicPage, PositionPage)
    )


def import_bundle(bundle: Bundle, *, dry_run: bool = False, progress=None) -> ImportSummary:
    """Write ``bundle`` in one transaction; on any error (or a dry run) nothing remains."""
    writer = BundleWriter(bundle, progress=progress)
    try:
        with transaction.atomic():
            summary = writer.write()
            if dry_run:
                raise DryRun
    except DryRun:
        writer.media.discard_written_files()
        return writer.summary
    except BaseException:
        writer.media.discard_written_files()
        raise
    return summary
