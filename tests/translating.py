"""Translating in tests: English texts for the German test content, submitting an object
for translation as the admin does, and translating its strings as a translator would."""

from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

# The password of the ``translator`` fixture (tests/conftest.py), for logging in a browser.
TRANSLATOR_PASSWORD = "übersetzen-ist-schön"

ENGLISH = {
    "Flucht und Migration": "Flight and migration",
    "flucht-und-migration": "flight-and-migration",
    "Menschen, die nach Sachsen fliehen, brauchen <b>Schutz</b>.": (
        "People who flee to Saxony need <b>protection</b>."
    ),
    "Beratung ist ein Menschenrecht.": "Counselling is a human right.",
    "Unsere Forderungen": "Our demands",
    "Symbolbild: Beratungsgespräch": "Stock photo: counselling session",
    "Referentin Migration": "Migration officer",
    "Landesverband Sachsen e. V.": "Saxony State Association",
}


def submit(instance, user, locale):
    """Submit ``instance`` (and the snippets it links to) for translation, as the admin does."""
    creator = TranslationCreator(user, [locale])
    creator.create_translations(instance)
    return Translation.objects.get(source__object_id=instance.translation_key, target_locale=locale)


def translate_every_segment(translation, user):
    """Enter a translation for every string segment of ``translation`` (source text if unknown).

    Returns the source texts that were translated, for assertions.
    """
    segments = StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )
    for segment in segments:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=ENGLISH.get(segment.string.data, segment.string.data),
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            last_translated_by=user,
        )
    return [segment.string.data for segment in segments]


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def refused(response) -> bool:
    """Wagtail's admin answers a permission error by sending the user to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
