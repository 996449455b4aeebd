"""The "Mitzeichnung" task and the sign-offs it collects.

A sign-off belongs to one task state, and so to the one revision that task state asks about:
an edit starts a new task state on the new revision (``cosigning.decisions.restart``), and
the organisations are asked again. The task is approved when every required organisation
approved its revision; one decline rejects it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from cosigning import organisations


class CoSigningTask(Task):
    """Member organisations co-sign a position: their signers in the admin, or anyone with
    the link sent to the organisation's co-signing address."""

    link_validity_days = models.PositiveIntegerField(
        _("link validity (days)"),
        default=14,
        help_text=_("How long the approve and decline links sent by e-mail stay valid."),
    )

    admin_form_fields = [*Task.admin_form_fields, "link_validity_days"]

    class Meta:
        verbose_name = _("co-signing")
        verbose_name_plural = _("co-signing tasks")

    @classmethod
    def get_description(cls):
        return _("The member organisations co-signing a position approve its text.")

    def start(self, workflow_state, user=None):
        from cosigning.decisions import open_requests

        task_state = super().start(workflow_state, user=user)
        open_requests(task_state, user=user)
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        from cosigning.decisions import decide

        comment = kwargs.get("comment", "")
        for organisation in organisations.pending_for_user(task_state, user):
            if task_state.status != TaskState.STATUS_IN_PROGRESS:
                break
            decide(
                task_state,
                organisation,
                approved=action_name == "approve",
                user=user,
                comment=comment,
                via=SignOff.Via.ACCOUNT,
            )

    def user_can_access_editor(self, obj, user):
        return organisations.is_signer(obj, user)

    def locked_for_user(self, obj, user):
        # Signers read and decide; editing stays with the editors (whose edits ask again).
        return organisations.is_signer(obj, user) and "change" not in (
            obj.permissions_for_user(user).permissions
        )

    def get_actions(self, obj, user):
        state = obj.current_workflow_task_state
        if state is None or not organisations.pending_for_user(state, user):
            return []
        return [
            ("reject", _("Decline"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        position_ids = organisations.positions_of_signer(user)
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=[str(pk) for pk in position_ids],
        )


class SignOff(models.Model):
    """One organisation's decision on one revision of a position."""

    class Via(models.TextChoices):
        ACCOUNT = "account", _("admin account")
        LINK = "link", _("e-mail link")

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="cosigning_sign_offs"
    )
    position = models.ForeignKey(
        "positions.PositionPage", on_delete=models.CASCADE, related_name="sign_offs"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "contacts.MemberOrganisation",
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="sign_offs",
    )
    approved = models.BooleanField(_("approved"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "organisation"], name="one_sign_off_per_request"
            )
        ]
        indexes = [models.Index(fields=["position", "revision"])]

    def __str__(self):
        return f"{self.organisation} – {self.position} ({self.revision_id})"


class SignOffLink(models.Model):
    """A single-use approve/decline link for one organisation and one task state (and so one
    revision). Only a digest of its secret is stored; the token itself is in the e-mail."""

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="cosigning_links"
    )
    organisation = models.ForeignKey(
        "contacts.MemberOrganisation", on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-signing link")
        verbose_name_plural = _("co-signing links")

    def __str__(self):
        return f"{self.organisation} – {self.revision_id}"
