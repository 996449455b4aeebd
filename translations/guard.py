"""No translation goes live with untranslated text.

wagtail-localize fills every string without a translation with the German source text when
it saves a translation, and publishes it so from three places: the translation editor's
"Publish", "Sync translations" with "publish", and submitting an object for translation. Its
one way in is ``Translation.save_target(publish=True)``, so the check sits there: a
translation whose strings are not all translated is not published, wherever the request came
from. Saving a draft is always allowed.

The deliberate override is Wagtail-localize's "Stop translation": the translated page (or
snippet) becomes an ordinary one that an editor with publish rights edits and publishes by
hand, so publishing source text is a conscious choice of a person, never an accident.

The other way round, a live translation is never turned back into a draft by
``save_target(publish=False)`` (see ``install``).
"""

import functools

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin


class IncompleteTranslation(ValidationError):
    """Publishing a translation that still has untranslated strings."""


def untranslated_strings(translation) -> tuple[int, int]:
    """``(untranslated, total)`` strings of ``translation`` (one whose translation has an
    error counts as untranslated, as wagtail-localize would fall back to the source)."""
    segments = translation.source.stringsegment_set.all()
    total = segments.count()
    missing = (
        segments.annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .count()
    )
    return missing, total


def incomplete_message(translation, missing: int, total: int) -> str:
    return _(
        "“%(object)s” cannot be published in %(locale)s yet: %(missing)s of %(total)s texts "
        "are not translated. Translate them (a machine draft can fill them for review) and "
        "publish again."
    ) % {
        "object": translation.source.object_repr,
        "locale": translation.target_locale.get_display_name(),
        "missing": missing,
        "total": total,
    }


def check_complete(translation) -> None:
    """Raise ``IncompleteTranslation`` naming what is missing."""
    missing, total = untranslated_strings(translation)
    if missing:
        raise IncompleteTranslation(incomplete_message(translation, missing, total))


def is_live(translation) -> bool:
    """Whether the translated object exists and is live."""
    try:
        return bool(translation.get_target_instance().live)
    except ObjectDoesNotExist:
        return False


def install() -> None:
    """Wrap ``Translation.save_target`` once (``AppConfig.ready`` may run more than once in
    tests)."""
    from wagtail_localize.models import Translation

    original = Translation.save_target
    if getattr(original, "checks_completeness", False):
        return

    @functools.wraps(original)
    def save_target(self, user=None, publish=True):
        draftable = issubclass(self.source.specific_content_type.model_class(), DraftStateMixin)
        # A model without drafts is "published" by merely existing: wagtail-localize must be
        # able to create it, and it is not live content in the sense of this check.
        if publish and draftable:
            check_complete(self)
        if not publish and draftable and is_live(self):
            # wagtail-localize "saves a draft" by writing the object itself, and of a snippet
            # sets live=False: submitting a contact again (or another contact of the same,
            # already translated organisation) would take a live translation offline or change
            # it unpublished. Its strings are stored apart; it changes when it is published.
            return None
        return original(self, user=user, publish=publish)

    save_target.checks_completeness = True
    Translation.save_target = save_target
