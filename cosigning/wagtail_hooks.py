"""Co-signing in the admin: its decisions in the audit log, and an edit asks again."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from cosigning.decisions import APPROVE, DECLINE, REQUEST, RESET, restart_after_edit


def _organisation(log_entry) -> str:
    try:
        return log_entry.data["organisation"]["name"]
    except (KeyError, TypeError):
        return "?"


@hooks.register("register_log_actions")
def register_cosigning_log_actions(actions):
    @actions.register_action(REQUEST)
    class RequestFormatter(LogFormatter):
        label = _("Co-signing: requested")

        def format_message(self, log_entry):
            return _("Co-signing requested from %(organisation)s") % {
                "organisation": _organisation(log_entry)
            }

    @actions.register_action(APPROVE)
    class ApproveFormatter(LogFormatter):
        label = _("Co-signing: approved")

        def format_message(self, log_entry):
            return _("Co-signed by %(organisation)s") % {"organisation": _organisation(log_entry)}

    @actions.register_action(DECLINE)
    class DeclineFormatter(LogFormatter):
        label = _("Co-signing: declined")

        def format_message(self, log_entry):
            return _("Co-signing declined by %(organisation)s") % {
                "organisation": _organisation(log_entry)
            }

    actions.register_action(
        RESET,
        _("Co-signing: asked again"),
        _("Edited after co-signing had started: the organisations are asked again"),
    )


@hooks.register("after_edit_page")
def ask_again_after_edit(request, page):
    restart_after_edit(page, request.user)
