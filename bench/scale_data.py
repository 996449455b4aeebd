"""The data set of ``bench/scale.py``: a site built with the factories, then positions
bulk-loaded by the hundred thousand.

Saving 100,000 pages one by one through Wagtail (revisions, signals, search updates, tree
locks) takes hours; here the rows are written as Wagtail would leave them, in batches:
``wagtailcore_page`` rows with their materialised paths (treebeard, steplen 4, base 36) and
``url_path``, the ``positions_positionpage`` rows joined to them, the topic/contact/
organisation links (the search index: ``bench/scale_search.py``). Nothing here is a test
fixture: only the benchmark uses it.
"""

from __future__ import annotations

import datetime
import time
import uuid
from dataclasses import dataclass, field

from bench.common import COLOURS, KINDS, say
from bench.data import pdf_pages

BATCH = 2000
N_ORGANISATIONS = 10

# One word in every position (title, body and PDF), one in about ten positions' titles,
# one only in the PDF of about ten positions: the searches the benchmark measures.
COMMON_WORD = "Sachsen"
RARE_WORD = "Schuldnerberatung"
PDF_WORD = "Wohnungsnotfallhilfe"
FIRST_DAY = datetime.date(2015, 1, 1)
NOON = datetime.time(12, tzinfo=datetime.UTC)


@dataclass
class Phases:
    """Seconds per build phase, in the order they ran."""

    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, function, *args, **kwargs):
        say(f"  {name} …")
        started = time.perf_counter()
        result = function(*args, **kwargs)
        self.seconds[name] = time.perf_counter() - started
        say(f"  {name}: {self.seconds[name]:.1f} s")
        return result

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


@dataclass
class Site:
    """What the factories made and the bulk loader links to."""

    positions_de: object
    positions_en: object
    locale_de: object
    locale_en: object
    images: list
    documents: list
    pdf_document: object
    organisations: list
    contacts: list
    topics: list


def build_site(n_topics: int, n_contacts: int) -> Site:
    """The site tree, images, PDFs, organisations, contacts, topics and the English locale
    with English copies of the home page and the positions index, all through the
    factories and Wagtail's API (signals, search index and renditions as in real use)."""
    from django.db import transaction
    from wagtail.models import Locale

    from contacts.factories import ContactFactory, MemberOrganisationFactory
    from core.factories import LigaDocumentFactory, LigaImageFactory
    from core.models import LigaDocument
    from core.renditions import create_renditions
    from home.factories import TopicPageFactory
    from positions.factories import create_site_tree

    with transaction.atomic():
        tree = create_site_tree()
        images = [
            LigaImageFactory(title=f"Symbolbild {i + 1}", width=1600, height=1067, color=colour)
            for i, colour in enumerate(COLOURS)
        ]
        texts = [pdf_pages(i + 1) for i in range(5)]
        texts.append(
            [
                f"Positionspapier zur {PDF_WORD} der LIGA, Seite 1\n\n"
                f"Die {PDF_WORD} braucht verlässliche Finanzierung in Sachsen."
            ]
        )
        documents = [
            LigaDocumentFactory(title=f"Positionspapier {i + 1}", pages=pages)
            for i, pages in enumerate(texts)
        ]
        # The text as the worker extracts it; written without signals (no reindexing yet).
        for document, pages in zip(documents, texts, strict=True):
            LigaDocument.objects.filter(pk=document.pk).update(
                extracted_text="\n\n".join(pages), page_count=len(pages)
            )
        organisations = [
            MemberOrganisationFactory(
                key=f"verband-{i + 1}",
                name=f"Landesverband Sachsen {i + 1} e. V.",
                short_name=f"Verband {i + 1}",
                logo=images[i % len(images)],
            )
            for i in range(N_ORGANISATIONS)
        ]
        contacts = [
            ContactFactory(
                key=f"kontakt-{i + 1}",
                given_name=f"Maria{i + 1}",
                family_name="Lehmann-Müller",
                honorific="Dr." if i % 3 == 0 else "",
                organisation=organisations[i % len(organisations)],
                photo=images[(i + 3) % len(images)],
            )
            for i in range(n_contacts)
        ]
        topics = [
            TopicPageFactory(
                parent=tree.topics,
                title=f"Thema {i + 1}: Flucht, Migration und Teilhabe",
                slug=f"thema-{i + 1}",
                image=images[i % len(images)],
                contacts=[contacts[(2 * i) % n_contacts], contacts[(2 * i + 1) % n_contacts]],
            )
            for i in range(n_topics)
        ]
        locale_en, _ = Locale.objects.get_or_create(language_code="en")
        # The English home page is made an alias of the German one (as wagtail-localize
        # does for untranslated parents); the index is a real translation.
        positions_en = tree.positions.copy_for_translation(locale_en, copy_parents=True)
        positions_en.save_revision().publish()
    for image in images:
        create_renditions(image)
    return Site(
        positions_de=tree.positions,
        positions_en=positions_en.specific,
        locale_de=tree.positions.locale,
        locale_en=locale_en,
        images=images,
        documents=documents[:5],
        pdf_document=documents[5],
        organisations=organisations,
        contacts=contacts,
        topics=topics,
    )


def every(n_positions: int) -> int:
    """The step between the positions that carry the rare words: about ten of them."""
    return max(1, n_positions // 10)


def body_raw(n: int, topic_pk: int, topic_title: str, document_pk: int, english: bool) -> list:
    """A position's body as stored (the raw StreamField JSON of ``bench.data.body_blocks``)."""
    if english:
        intro = (
            f"<p>The LIGA of free welfare associations in {COMMON_WORD} comments on draft {n}. "
            f'More on the topic <a linktype="page" id="{topic_pk}">{topic_title}</a> and in '
            f'the <a linktype="document" id="{document_pk}">position paper</a>.</p>'
        )
        headings, download = ("Background", "Our demands"), "Download the paper"
    else:
        intro = (
            f"<p>Die LIGA der Freien Wohlfahrtspflege in {COMMON_WORD} äußert sich zu "
            f'Vorlage {n}. Mehr dazu im Thema <a linktype="page" id="{topic_pk}">'
            f'{topic_title}</a> und im <a linktype="document" id="{document_pk}">'
            "Positionspapier</a>.</p>"
        )
        headings, download = ("Ausgangslage", "Unsere Forderungen"), "Das Papier herunterladen"
    demands = (
        "<ul><li>Verlässliche Finanzierung der Beratungsstellen</li>"
        "<li>Mehr Zeit für Rückkehr- und Migrationsberatung</li>"
        "<li>Beteiligung der Spitzenverbände an der Gesetzgebung</li></ul>"
        "<p>Wir fordern die Staatsregierung auf, <strong>jetzt</strong> zu handeln.</p>"
    )
    blocks = [
        ("heading", {"text": headings[0], "level": "h2"}),
        ("paragraph", intro),
        ("heading", {"text": headings[1], "level": "h2"}),
        ("paragraph", demands),
        ("document", {"document": document_pk, "title": download}),
    ]
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]


def position_rows(site: Site, n_positions: int, english: bool):
    """``(page, position, links)`` of every position to load: German all, English every
    tenth (same ``translation_key`` as its source, same topics, contacts, organisations)."""
    step = every(n_positions)
    for n in range(n_positions):
        if english and n % 10:
            continue
        number = n + 1
        n_topics = len(site.topics)
        topic_numbers = [n % n_topics]
        if n % 2 and n_topics > 1:
            topic_numbers.append((n + 1 + (n // n_topics) % (n_topics - 1)) % n_topics)
        document = site.documents[n % len(site.documents)]
        if n % step == step // 2 and step > 1:
            document = site.pdf_document
        rare = f" und {RARE_WORD}" if n % step == 0 else ""
        published = FIRST_DAY + datetime.timedelta(days=n % 3650)
        at = datetime.datetime.combine(published, NOON)
        if english:
            title = f"Position paper {number}: return counselling in {COMMON_WORD}"
            teaser = f"The LIGA comments on draft {number}: counselling needs time."
            alt = f"Symbolic image: counselling {number}"
        else:
            title = f"Positionspapier {number}: Rückkehrberatung{rare} in {COMMON_WORD}"
            teaser = f"Die LIGA nimmt Stellung zur Vorlage {number}: Beratung braucht Zeit."
            alt = f"Symbolbild: Beratungsgespräch {number}"
        topic = site.topics[topic_numbers[0]]
        yield (
            {
                "title": title,
                "slug": f"position-{number:06d}",
                "first_published_at": at,
                "last_published_at": at,
                # The same key in both locales: the English row translates the German one.
                "translation_key": uuid.uuid5(uuid.NAMESPACE_OID, f"liga-scale-{number}"),
            },
            {
                "teaser": teaser,
                "kind": KINDS[n % len(KINDS)],
                "published": published,
                "image_id": site.images[n % len(site.images)].pk,
                "image_alt": alt,
                "document_id": document.pk,
                "body": body_raw(number, topic.pk, topic.title, document.pk, english),
            },
            {
                "topics": [site.topics[i].pk for i in topic_numbers],
                "contacts": [
                    site.contacts[n % len(site.contacts)].pk,
                    site.contacts[(n + 7) % len(site.contacts)].pk,
                ],
                "organisations": [
                    site.organisations[n % len(site.organisations)].pk,
                    site.organisations[(n + 2) % len(site.organisations)].pk,
                ],
            },
        )


def bulk_positions(site: Site, n_positions: int, english: bool) -> list[int]:
    """Insert the positions under the German (or English) index in batches; their ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from positions.models import (
        PositionContact,
        PositionOrganisation,
        PositionPage,
        PositionTopic,
    )

    index = Page.objects.get(pk=(site.positions_en if english else site.positions_de).pk)
    locale = site.locale_en if english else site.locale_de
    content_type = ContentType.objects.get_for_model(PositionPage)
    position_fields = PositionPage._meta.local_concrete_fields
    rows = list(position_rows(site, n_positions, english))
    ids: list[int] = []
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            pages = [
                Page(
                    **page,
                    draft_title=page["title"],
                    path=Page._get_path(
                        index.path, index.depth + 1, index.numchild + start + i + 1
                    ),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{page['slug']}/",
                    content_type=content_type,
                    locale=locale,
                    live=True,
                    has_unpublished_changes=False,
                )
                for i, (page, _, _) in enumerate(batch)
            ]
            Page.objects.bulk_create(pages)
            positions = [
                PositionPage(page_ptr_id=page.pk, **position)
                for page, (_, position, _) in zip(pages, batch, strict=True)
            ]
            # Django refuses bulk_create on a child of multi-table inheritance; the parent
            # rows exist, so only the child table's own columns are inserted.
            PositionPage.objects.all()._batched_insert(positions, position_fields, BATCH)
            links = {PositionTopic: [], PositionContact: [], PositionOrganisation: []}
            for page, (_, _, related) in zip(pages, batch, strict=True):
                for model, name, attribute in (
                    (PositionTopic, "topics", "topic_id"),
                    (PositionContact, "contacts", "contact_id"),
                    (PositionOrganisation, "organisations", "organisation_id"),
                ):
                    links[model] += [
                        model(position_id=page.pk, sort_order=order, **{attribute: pk})
                        for order, pk in enumerate(related[name])
                    ]
            for model, objects in links.items():
                model.objects.bulk_create(objects, batch_size=BATCH)
            ids += [page.pk for page in pages]
            if (start // BATCH) % 10 == 9:
                say(f"    {start + len(batch)}/{len(rows)} rows")
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(rows))
    return ids
