"""Benchmark data set: generated once into the benchmark database, then reused."""

from __future__ import annotations

import datetime
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import COLOURS, DATA_DIR, KINDS, say

# --- 1. data set ----------------------------------------------------------------------------


def setup_django() -> None:
    import django

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()


def sqlite_path() -> Path | None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return Path(database["NAME"])
    return None


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def body_blocks(n: int, topic, document) -> list:
    """A realistic position body: headings, paragraphs with internal and document links."""
    from wagtail.rich_text import RichText

    return [
        ("heading", {"text": "Ausgangslage", "level": "h2"}),
        (
            "paragraph",
            RichText(
                f"<p>Die LIGA der Freien Wohlfahrtspflege in Sachsen äußert sich zu Vorlage {n}. "
                f'Mehr dazu im Thema <a linktype="page" id="{topic.pk}">{topic.title}</a> und '
                f'im <a linktype="document" id="{document.pk}">Positionspapier</a>.</p>'
            ),
        ),
        ("heading", {"text": "Unsere Forderungen", "level": "h2"}),
        (
            "paragraph",
            RichText(
                "<ul><li>Verlässliche Finanzierung der Beratungsstellen</li>"
                "<li>Mehr Zeit für Rückkehr- und Migrationsberatung</li>"
                "<li>Beteiligung der Spitzenverbände an der Gesetzgebung</li></ul>"
                "<p>Wir fordern die Staatsregierung auf, <strong>jetzt</strong> zu handeln.</p>"
            ),
        ),
        ("document", {"document": document, "title": "Das Papier herunterladen"}),
    ]


PDF_SENTENCES = [
    "Die Spitzenverbände der Freien Wohlfahrtspflege in Sachsen fordern eine verlässliche "
    "Finanzierung der Beratungsstellen.",
    "Rückkehrberatung braucht Zeit, Vertrauen und unabhängige Träger.",
    "Menschen in Armut müssen ihre Rechte kennen und wahrnehmen können.",
    "Pflegebedürftige und ihre Angehörigen brauchen wohnortnahe Unterstützung.",
    "Die Staatsregierung wird aufgefordert, die Verbände frühzeitig zu beteiligen.",
]


def pdf_pages(number: int, pages: int = 8) -> list[str]:
    """The text of a realistic position paper: eight pages of about 3,300 characters each
    (the text is extracted into the database, as for an editor's upload)."""
    texts = []
    for page in range(1, pages + 1):
        lines = [f"Positionspapier {number} der LIGA Sachsen, Seite {page}", ""]
        for paragraph in range(8):
            sentences = [PDF_SENTENCES[(page + paragraph + k) % 5] for k in range(5)]
            lines.append(f"{paragraph + 1}. " + " ".join(sentences))
            lines.append("")
        texts.append("\n".join(lines))
    return texts


def generate(n_positions: int, n_topics: int) -> None:
    """The data set: topics, contacts, organisations and positions, with a few shared images
    and PDFs (each position has an image, a PDF, 1–2 topics, 2 contacts, 2 organisations)."""
    from django.db import transaction

    from contacts.factories import ContactFactory, MemberOrganisationFactory
    from core.factories import LigaDocumentFactory, LigaImageFactory
    from core.renditions import create_renditions
    from home.factories import TopicPageFactory
    from positions.factories import PositionPageFactory, create_site_tree

    started = time.perf_counter()
    with transaction.atomic():
        tree = create_site_tree()
        images = [
            LigaImageFactory(title=f"Symbolbild {i + 1}", width=1600, height=1067, color=COLOURS[i])
            for i in range(len(COLOURS))
        ]
        documents = [
            LigaDocumentFactory(title=f"Positionspapier {i + 1}", pages=pdf_pages(i + 1))
            for i in range(5)
        ]
        organisations = [
            MemberOrganisationFactory(
                key=f"verband-{i + 1}",
                name=f"Landesverband Sachsen {i + 1} e. V.",
                short_name=f"Verband {i + 1}",
                logo=images[i % len(images)],
            )
            for i in range(7)
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
            for i in range(20)
        ]
        topics = [
            TopicPageFactory(
                parent=tree.topics,
                title=f"Thema {i + 1}: Flucht, Migration und Teilhabe",
                slug=f"thema-{i + 1}",
                image=images[i % len(images)],
                contacts=[contacts[(2 * i) % 20], contacts[(2 * i + 1) % 20]],
            )
            for i in range(n_topics)
        ]
        first_day = datetime.date(2015, 1, 1)
        noon = datetime.time(12, tzinfo=datetime.UTC)
        for n in range(n_positions):
            topic = topics[n % n_topics]
            position_topics = [topic]
            if n % 2 and n_topics > 1:
                offset = 1 + (n // n_topics) % (n_topics - 1)  # never the first topic again
                position_topics.append(topics[(n + offset) % n_topics])
            document = documents[n % len(documents)]
            published = first_day + datetime.timedelta(days=n % 3650)
            published_at = datetime.datetime.combine(published, noon)
            PositionPageFactory(
                parent=tree.positions,
                title=f"Positionspapier {n + 1}: Rückkehrberatung in Sachsen",
                slug=f"position-{n + 1:05d}",
                teaser=f"Die LIGA nimmt Stellung zur Vorlage {n + 1}: Beratung braucht Zeit.",
                kind=KINDS[n % len(KINDS)],
                published=published,
                first_published_at=published_at,
                last_published_at=published_at,
                image=images[n % len(images)],
                image_alt=f"Symbolbild: Beratungsgespräch {n + 1}",
                document=document,
                body=body_blocks(n + 1, topic, document),
                topics=position_topics,
                contacts=[contacts[n % 20], contacts[(n + 7) % 20]],
                organisations=[organisations[n % 7], organisations[(n + 2) % 7]],
            )
            if (n + 1) % 250 == 0:
                say(f"  {n + 1}/{n_positions} positions ({time.perf_counter() - started:.0f} s)")
    # Renditions are made when an image is saved (after commit); make sure they all exist.
    for image in images:
        create_renditions(image)
    say(f"  generated in {time.perf_counter() - started:.0f} s")


def ensure_data(n_positions: int, n_topics: int, fresh: bool) -> None:
    from django.db import connections

    if fresh:
        path = sqlite_path()
        if path is None:
            raise SystemExit("--fresh only removes the SQLite benchmark database; drop yours.")
        connections.close_all()
        path.unlink(missing_ok=True)
        shutil.rmtree(DATA_DIR / "media", ignore_errors=True)
    say("Migrating the benchmark database …")
    migrate()

    from home.models import TopicPage
    from positions.models import PositionPage

    have = (PositionPage.objects.count(), TopicPage.objects.count())
    if have == (n_positions, n_topics):
        say(f"Data set exists ({n_positions} positions, {n_topics} topics): not generated again.")
        analyze()
        return
    if have != (0, 0):
        raise SystemExit(
            f"The benchmark database holds {have[0]} positions and {have[1]} topics, not "
            f"{n_positions} and {n_topics}: run again with --fresh to generate it anew."
        )
    say(f"Generating {n_positions} positions under {n_topics} topics …")
    generate(n_positions, n_topics)
    analyze()


def analyze() -> None:
    """Give the query planner the statistics a database in use has (autovacuum keeps them on
    PostgreSQL; on SQLite, ``ANALYZE``): without them SQLite guesses, and walks every link of
    a kind where one index range would do (10 ms instead of 0.2 ms for a list's related
    items at 2,000 positions)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass
class DataSet:
    counts: dict[str, int]
    slugs: list[str]
    ids: list[int]


def describe_data(sample: int) -> DataSet:
    from django.db.models import Avg
    from django.db.models.functions import Length

    from contacts.models import Contact, MemberOrganisation
    from core.models import LigaDocument, LigaImage, LigaRendition
    from home.models import TopicPage
    from positions.models import (
        PositionContact,
        PositionOrganisation,
        PositionPage,
        PositionTopic,
    )

    counts = {
        "positions": PositionPage.objects.count(),
        "topics": TopicPage.objects.count(),
        "position–topic links": PositionTopic.objects.count(),
        "position–contact links": PositionContact.objects.count(),
        "position–organisation links": PositionOrganisation.objects.count(),
        "contacts": Contact.objects.count(),
        "organisations": MemberOrganisation.objects.count(),
        "images (shared)": LigaImage.objects.count(),
        "renditions": LigaRendition.objects.count(),
        "PDFs (shared)": LigaDocument.objects.count(),
        "PDF pages, mean": round(
            LigaDocument.objects.aggregate(mean=Avg("page_count"))["mean"] or 0
        ),
        "PDF text extracted into the database, mean characters": round(
            LigaDocument.objects.aggregate(mean=Avg(Length("extracted_text")))["mean"] or 0
        ),
    }
    # Detail requests cycle through positions spread over the whole data set.
    rows = list(PositionPage.objects.order_by("pk").values_list("pk", "slug"))
    step = max(1, len(rows) // sample)
    chosen = rows[::step][:sample]
    return DataSet(counts, [slug for _, slug in chosen], [pk for pk, _ in chosen])
