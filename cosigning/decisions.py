"""Asking the organisations, recording their decisions, and asking again after an edit.

Every step is in Wagtail's audit log (actions registered in ``cosigning.wagtail_hooks``).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import TaskState

from cosigning import organisations
from cosigning.links import create_link
from cosigning.models import SignOff

REQUEST, APPROVE, DECLINE, RESET = (
    "cosigning.request",
    "cosigning.approve",
    "cosigning.decline",
    "cosigning.reset",
)


def _organisation_data(organisation) -> dict:
    return {"id": organisation.pk, "name": str(organisation)}


def open_requests(task_state, user=None) -> None:
    """Ask every required organisation of the task state's revision: a link by e-mail to its
    co-signing address (its signers also find the task in the admin). With nobody to ask,
    the task approves itself and the workflow moves on."""
    task = task_state.task.specific
    required = organisations.required_organisations(task_state.revision)
    position = task_state.revision.as_object()
    if not required:
        task_state.approve(user=user, update=False)
        return
    for organisation in required:
        sent_to = ""
        if organisation.cosigning_email:
            token = create_link(task_state, organisation, task.link_validity_days)
            _send_request(position, organisation, token, task.link_validity_days)
            sent_to = organisation.cosigning_email
        log(
            instance=position,
            action=REQUEST,
            user=user,
            revision=task_state.revision,
            data={"organisation": _organisation_data(organisation), "email": sent_to},
        )


def _send_request(position, organisation, token: str, valid_days: int) -> None:
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("cosigning:decide", args=[token])
    context = {
        "position": position,
        "organisation": organisation,
        "url": url,
        "valid_days": valid_days,
    }
    # Mail goes to people outside the hub, in the hub's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("cosigning/request_subject.txt", context).strip()
        body = render_to_string("cosigning/request_email.txt", context)
    send_mail(subject, body, None, [organisation.cosigning_email])


@transaction.atomic
def decide(task_state, organisation, *, approved: bool, user=None, comment="", via) -> SignOff:
    """Record ``organisation``'s decision on the task state's revision and move the task on:
    a decline rejects it, the last required approval approves it."""
    sign_off = SignOff.objects.create(
        task_state=task_state,
        position_id=int(task_state.workflow_state.object_id),
        revision=task_state.revision,
        organisation=organisation,
        approved=approved,
        decided_by=user,
        via=via,
        comment=comment,
    )
    log(
        instance=task_state.revision.as_object(),
        action=APPROVE if approved else DECLINE,
        user=user,
        revision=task_state.revision,
        data={
            "organisation": _organisation_data(organisation),
            "via": via,
            "comment": comment,
        },
    )
    if not approved:
        task_state.reject(user=user, comment=comment)
    elif not organisations.pending(task_state):
        task_state.approve(user=user, comment=comment)
    return sign_off


def restart_after_edit(page, user=None) -> bool:
    """An edit after the organisations were asked asks them again, about the new revision.

    While co-signing is in progress, its task state is cancelled and started anew (new links
    by e-mail; the old links and sign-offs stay with the old revision). In a later step of
    the workflow (the moderators'), an edit goes back to co-signing. True if restarted."""
    from cosigning.models import CoSigningTask

    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return False
    current = workflow_state.current_task_state
    latest_id = page.get_latest_revision().pk
    cosigning = (
        CoSigningTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow_id)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if cosigning is None or current is None or current.revision_id == latest_id:
        return False
    if current.task_id != cosigning.pk:
        signed = workflow_state.task_states.filter(
            task=cosigning, status=TaskState.STATUS_APPROVED
        ).last()
        if signed is None or signed.revision_id == latest_id:
            return False
    log(
        instance=page,
        action=RESET,
        user=user,
        revision=page.get_latest_revision(),
        data={"previous_revision": current.revision_id},
    )
    with transaction.atomic():
        current.status = TaskState.STATUS_CANCELLED
        current.finished_at = timezone.now()
        current.finished_by = user
        current.save(update_fields=["status", "finished_at", "finished_by"])
        workflow_state.update(user=user, next_task=cosigning)
    return True
