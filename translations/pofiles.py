"""PO files from translation agencies: refused before anything is imported when they do not
fit.

wagtail-localize's upload imports whatever strings of a PO still match, and reports success
even when none did: a PO of another object, or one exported before the German source changed,
would lose the agency's work without a word (and a PO without its header raises a server
error). This view checks the file first and names the problem, then hands it to
wagtail-localize's own upload view.
"""

import contextlib
import os
import tempfile

import polib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import upload_pofile, user_can_edit_instance

TRANSLATION_ID = "X-WagtailLocalize-TranslationID"


def read_pofile(upload) -> polib.POFile | None:
    # polib takes a path or the contents; contents could name a file on the server, so the
    # upload is written to a file of its own first (as wagtail-localize does).
    with tempfile.NamedTemporaryFile(delete=False, suffix=".po") as f:
        f.write(upload.read())
    try:
        return polib.pofile(f.name)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(f.name)
        upload.seek(0)


def pofile_problem(po: polib.POFile | None, translation: Translation) -> str | None:
    """Why ``po`` cannot be imported into ``translation``, or None."""
    if po is None:
        return _("This is not a PO file that can be read. Please upload the PO file as exported.")
    if po.metadata.get(TRANSLATION_ID) != str(translation.uuid):
        return _(
            "This PO file was exported for another translation, not for “%(object)s” in "
            "%(locale)s. Nothing was imported."
        ) % {
            "object": translation.source.object_repr,
            "locale": translation.target_locale.get_display_name(),
        }
    current = {
        (segment.context.path, segment.string.data)
        for segment in translation.source.stringsegment_set.select_related("context", "string")
    }
    outdated = [
        entry for entry in po if not entry.obsolete and (entry.msgctxt, entry.msgid) not in current
    ]
    if outdated:
        return _(
            "This PO file was exported before the German source changed: %(count)s of its "
            "texts no longer exist in it. Nothing was imported. Download the current PO file, "
            "carry the translations over and upload it again."
        ) % {"count": len(outdated)}
    return None


@require_POST
def checked_upload_pofile(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), id=translation_id
    )
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    upload = request.FILES.get("file")
    problem = pofile_problem(read_pofile(upload) if upload else None, translation)
    if problem:
        messages.error(request, problem)
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
    # wagtail-localize checks the user's edit permission and imports.
    return upload_pofile(request, translation_id)
