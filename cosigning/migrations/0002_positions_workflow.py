"""The workflow "Positionen mit Mitzeichnung": the task "Mitzeichnung", then the Moderators'
approval; assigned to the German positions index (``cosigning.signals`` assigns it to an
index made later). Existing organisations get their signers' group."""

from django.conf import settings
from django.db import migrations

WORKFLOW = "Positionen mit Mitzeichnung"
TASK = "Mitzeichnung"
SIGNERS_GROUP = "Mitzeichnende: {}"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Locale = apps.get_model("wagtailcore", "Locale")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    CoSigningTask = apps.get_model("cosigning", "CoSigningTask")
    PositionIndexPage = apps.get_model("positions", "PositionIndexPage")
    MemberOrganisation = apps.get_model("contacts", "MemberOrganisation")

    task_type, _ = ContentType.objects.get_or_create(app_label="cosigning", model="cosigningtask")
    cosigning, _ = CoSigningTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=cosigning, sort_order=0)
    # The moderators' approval task, by its group (its name may be English or German).
    moderators = (
        GroupApprovalTask.objects.filter(active=True, groups__name="Moderators")
        .order_by("pk")
        .first()
    )
    if moderators is not None:
        WorkflowTask.objects.get_or_create(workflow=workflow, task=moderators, sort_order=1)

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    for index in PositionIndexPage.objects.filter(locale=default):
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for organisation in MemberOrganisation.objects.filter(locale=default, signers=None):
        label = organisation.short_name or organisation.name
        group, _ = Group.objects.get_or_create(name=SIGNERS_GROUP.format(label)[:150])
        group.permissions.add(access_admin)
        MemberOrganisation.objects.filter(translation_key=organisation.translation_key).update(
            signers=group
        )


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cosigning", "0001_initial"),
        ("contacts", "0007_review_workflow"),
        ("positions", "0002_cosigning_required"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create, remove)]
