"""Shared test data: the API tests' content (``build_hub``, ``build_people``), stream field
bodies, and every way of hiding a page or a file from the public, each written once.

Everything is made with the apps' factories. The names (``paritaet``, ``m-lehmann``,
``flucht-und-migration``, …) are the ones the golden files and the assertions expect. Images
whose renditions a test reads must be made inside ``django_capture_on_commit_callbacks``
(renditions are made on commit), which is why the builders take that fixture as ``capture``.
"""

import datetime
import functools
import json
import uuid
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaDocumentFactory, LigaImageFactory
from frontend_api.cache import retire_all
from frontend_api.readmodel.maintain import on_save_or_delete
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from positions.models import PositionKind

# Stream field bodies


def body(*blocks) -> str:
    """Raw StreamField JSON with stable block ids: UUIDs, as Wagtail gives every block, made
    from the block's type and place so that golden files stay the same."""
    return json.dumps(
        [
            {"type": kind, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}-{i}")), "value": value}
            for i, (kind, value) in enumerate(blocks)
        ]
    )


EVERY_BLOCK_TYPE = ["paragraph", "heading", "quote", "image", "document"]


def every_block(link_page, document, image) -> str:
    """A body with one block of every type; the paragraph links a page and a document."""
    return body(
        (
            "paragraph",
            f'<p>Mehr unter <a linktype="page" id="{link_page.pk}">{link_page.title}</a> und im '
            f'<a linktype="document" id="{document.pk}">Papier</a>.</p>',
        ),
        ("heading", {"text": "Forderungen an den Freistaat", "level": "h3"}),
        ("quote", {"text": "<p>Beratung ist Menschenrecht.</p>", "attribution": "LIGA Sachsen"}),
        ("image", {"image": image.pk, "alt": "Beratung im Büro", "caption": "Foto: LIGA"}),
        ("document", {"document": document.pk, "title": ""}),
    )


# Named organisations, people, topics and positions

ORGANISATIONS = {  # key: (name, short name, website)
    "paritaet": ("Der Paritätische Sachsen", "Parität", "https://www.parisax.de/"),
    "diakonie": ("Diakonie Sachsen", "Diakonie", "https://www.diakonie-sachsen.de/"),
}

# key: (honorific, given name, family name, role, phone extension); the e-mail address is
# the key with a dot, at example.org (m.lehmann@example.org)
PEOPLE = {
    "m-lehmann": ("Dr.", "Maria", "Lehmann", "Referentin Flucht und Migration", "152"),
    "j-oezdemir": ("", "Jürgen", "Özdemir", "Referent Armut und Grundsicherung", "153"),
    "k-bauer": ("", "Katrin", "Bauer", "Geschäftsführerin", ""),
}

TOPIC_TITLES = {"flucht-und-migration": "Flucht und Migration", "armut": "Armut und Grundsicherung"}


def organisation(key, **kwargs):
    """One of ``ORGANISATIONS`` (without a logo unless ``logo=`` is given)."""
    name, short_name, website = ORGANISATIONS[key]
    return MemberOrganisationFactory(
        key=key, name=name, short_name=short_name, website=website, **kwargs
    )


def person(key, **kwargs):
    """One of ``PEOPLE``; pass ``organisation=`` (an organisation or None)."""
    honorific, given_name, family_name, role, extension = PEOPLE[key]
    fields = {
        "honorific": honorific,
        "given_name": given_name,
        "family_name": family_name,
        "role": role,
        "email": f"{key.replace('-', '.')}@example.org",
        "phone": f"0351 82871-{extension}" if extension else "",
    }
    return ContactFactory(key=key, **{**fields, **kwargs})


def topic(site_tree, slug, **kwargs):
    """The topic ``slug`` of ``TOPIC_TITLES`` under the topics index."""
    return TopicPageFactory(parent=site_tree.topics, slug=slug, title=TOPIC_TITLES[slug], **kwargs)


def position(site_tree, topics=(), **kwargs):
    """A position paper under the positions index, listed under ``topics`` in that order."""
    return PositionPageFactory(parent=site_tree.positions, topics=list(topics), **kwargs)


def lehmann_portrait():
    return LigaImageFactory(title="Porträt Lehmann", width=300, height=400)


def organisations_and_people(photo, logo=None):
    """Parität (with ``logo``) and Diakonie; Dr. Maria Lehmann (Parität, with ``photo``) and
    Jürgen Özdemir (Diakonie)."""
    paritaet = organisation("paritaet", logo=logo)
    diakonie = organisation("diakonie")
    lehmann = person(
        "m-lehmann", organisation=paritaet, photo=photo, photo_alt="Dr. Maria Lehmann lächelt"
    )
    oezdemir = person("j-oezdemir", organisation=diakonie)
    return paritaet, diakonie, lehmann, oezdemir


def people_with_media(prefix, image, count=2):
    """``count`` contact people with ``image`` as photo, each of a new organisation with it as
    logo (for the query-count tests)."""
    return [
        ContactFactory(
            key=f"{prefix}-{n}", photo=image, organisation=MemberOrganisationFactory(logo=image)
        )
        for n in range(count)
    ]


def build_people(site_tree, capture) -> dict:
    """Three contact people (Bauer without organisation or phone), named for two topics."""
    with capture(execute=True):
        photo = lehmann_portrait()
        logo = LigaImageFactory(title="Logo Parität", width=240, height=120)
    _, _, lehmann, oezdemir = organisations_and_people(photo, logo)
    bauer = person("k-bauer", organisation=None)
    migration = topic(site_tree, "flucht-und-migration", contacts=[lehmann, oezdemir])
    armut = topic(site_tree, "armut", contacts=[oezdemir, lehmann])
    return {
        "lehmann": lehmann,
        "oezdemir": oezdemir,
        "bauer": bauer,
        "migration": migration,
        "armut": armut,
        "site_tree": site_tree,
    }


# The hub's four positions, one of each kind: slug: (title, teaser, kind, published)
HUB_POSITIONS = {
    "rueckkehrberatung": (
        "Rückkehrberatung braucht Zeit",
        "Die LIGA fordert eine unabhängige, ergebnisoffene Beratung.",
        PositionKind.POSITION_PAPER,
        datetime.date(2020, 7, 21),
    ),
    "kita-gebuehren": (
        "Kita-Gebühren senken",
        "Kinderarmut beginnt bei den Elternbeiträgen.",
        PositionKind.STATEMENT,
        datetime.date(2023, 3, 1),
    ),
    "sozialticket": (
        "Sozialticket jetzt",
        "Mobilität für alle, die wenig Geld haben.",
        PositionKind.PRESS_RELEASE,
        datetime.date(2024, 5, 1),
    ),
    "offener-brief": (
        "Offener Brief zur Unterbringung",
        "Gemeinschaftsunterkünfte brauchen Mindeststandards.",
        PositionKind.OPEN_LETTER,
        datetime.date(2022, 11, 15),
    ),
}


def hub_position(site_tree, slug, **kwargs):
    """The position ``slug`` of ``HUB_POSITIONS``."""
    title, teaser, kind, published = HUB_POSITIONS[slug]
    return position(
        site_tree, slug=slug, title=title, teaser=teaser, kind=kind, published=published, **kwargs
    )


def build_hub(site_tree, capture) -> SimpleNamespace:
    """Two topics, four positions (one of each kind), two contacts, two organisations."""
    with capture(execute=True):
        lead = LigaImageFactory(title="Symbolbild Beratung", width=320, height=200)
        portrait = lehmann_portrait()
    pdf = LigaDocumentFactory(
        title="Positionspapier Rückkehrberatung",
        pages=["Rückkehrberatung braucht Zeit.", "Ein Vertrauensverhältnis entsteht langsam."],
    )
    paritaet, diakonie, lehmann, oezdemir = organisations_and_people(portrait)
    migration = topic(
        site_tree,
        "flucht-und-migration",
        intro="<p>Menschen, die nach Sachsen flüchten, brauchen Schutz und Beratung.</p>",
        image=lead,
        image_alt="Symbolbild: Ankunft in Dresden",
        contacts=[lehmann, oezdemir],
    )
    armut = topic(
        site_tree,
        "armut",
        intro="<p>Armut ist in Sachsen ungleich verteilt.</p>",
        contacts=[oezdemir],
    )
    rueckkehr = hub_position(
        site_tree,
        "rueckkehrberatung",
        topics=[migration, armut],
        image=lead,
        image_alt="Symbolbild: Beratungsgespräch",
        document=pdf,
        contacts=[lehmann, oezdemir],
        organisations=[paritaet, diakonie],
    )
    rueckkehr.body = every_block(migration, pdf, lead)
    rueckkehr.save_revision().publish()  # gives it an ``updated`` time
    kita = hub_position(site_tree, "kita-gebuehren", topics=[armut], organisations=[diakonie])
    ticket = hub_position(site_tree, "sozialticket", topics=[armut], organisations=[paritaet])
    brief = hub_position(
        site_tree,
        "offener-brief",
        topics=[migration],
        body=body(("paragraph", "<p>Wir fordern Dolmetscher in jeder Unterkunft.</p>")),
    )
    migration.intro = (
        "<p>Menschen, die nach Sachsen flüchten, brauchen Schutz und "
        f'<a linktype="page" id="{rueckkehr.pk}">Beratung</a>.</p>'
    )
    migration.body = every_block(armut, pdf, lead)
    migration.save_revision().publish()
    return SimpleNamespace(**locals())


# Hiding a page: each function takes the page and leaves it out of public view


def as_if_saved(*objects):
    """The bulk updates below have no save signals, which would retire the API's cached
    responses and render the changed ``objects`` into the API's read model: do both as a
    save would. (A page's ``expire_at`` set by a real save never lets a cached response
    outlive it; tests/test_api_cache.py moves the clock to prove it.)"""
    retire_all()
    for obj in objects:
        on_save_or_delete(type(obj), obj)


def draft(page, **fields):
    """Take the page offline by ``live=False`` alone (and any other ``fields``), no revision."""
    Page.objects.filter(pk=page.pk).update(live=False, **fields)
    as_if_saved(page)


def never_published(page):
    draft(
        page,
        has_unpublished_changes=True,
        first_published_at=None,
        last_published_at=None,
        live_revision=None,
    )


def unpublish(page):
    Page.objects.get(pk=page.pk).specific.unpublish()


def scheduled(page):
    """Approved for publishing in two days, as the admin's "publish" with a go-live date."""
    never_published(page)
    page = Page.objects.get(pk=page.pk).specific
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.go_live_at > timezone.now()


def shift_dates(page, **offsets):
    """Set date fields (``expire_at``, ``go_live_at``) to now plus the given offsets."""
    now = timezone.now()
    Page.objects.filter(pk=page.pk).update(**{name: now + off for name, off in offsets.items()})
    as_if_saved(page)


def expire(page):
    """Expired a minute ago but still live: the scheduler has not run yet, yet it is hidden."""
    shift_dates(page, expire_at=-datetime.timedelta(minutes=1))


def _restrict(model, kind, **target):
    """A view restriction of ``kind``: password "geheim", or the group "Vorstand"."""
    password = "geheim" if kind == model.PASSWORD else ""
    restriction = model.objects.create(restriction_type=kind, password=password, **target)
    if kind == model.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Vorstand")[0]])
    return restriction


def restrict(page, kind=PageViewRestriction.LOGIN):
    return _restrict(PageViewRestriction, kind, page=page)


def restricted(kind):
    """``restrict`` with ``kind`` as a one-argument hider, for parametrised tests."""
    return functools.partial(restrict, kind=kind)


def restrict_parent(page):
    restrict(page.get_parent(), PageViewRestriction.LOGIN)


# Hiding images and documents


def private_collection(kind=CollectionViewRestriction.LOGIN):
    """A collection “Intern” below the root, restricted by ``kind``."""
    collection = Collection.get_first_root_node().add_child(name="Intern")
    _restrict(CollectionViewRestriction, kind, collection=collection)
    return collection


def move(item, collection):
    item.collection = collection
    item.save()
