"""New organisations get their signers' group; a new German positions index gets the
co-signing workflow (its data migration covers the indexes that existed before)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale, Workflow, WorkflowPage

from contacts.models import MemberOrganisation
from cosigning.organisations import ensure_signers_group
from positions.models import PositionIndexPage

WORKFLOW = "Positionen mit Mitzeichnung"


@receiver(post_save, sender=MemberOrganisation)
def give_organisation_signers(sender, instance, created, raw=False, **kwargs):
    if (
        created
        and not raw
        and not instance.signers_id
        and instance.locale_id == (Locale.get_default().pk)
    ):
        ensure_signers_group(instance)


@receiver(post_save, sender=PositionIndexPage)
def assign_cosigning_workflow(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.locale_id != Locale.get_default().pk:
        return
    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": workflow})
