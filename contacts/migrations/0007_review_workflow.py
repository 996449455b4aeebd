"""Contacts and organisations go through the Moderators' review, like pages.

Wagtail's own migrations make the groups "Editors" and "Moderators" and the workflow
"Moderators approval" (a group approval task for "Moderators"; German name since
translations/migrations/0003). This assigns that workflow to
both snippet models and gives the groups the snippet permissions that make it work: editors
create and change, and submit for review; moderators also publish and delete.
"""

from django.db import migrations

MODELS = ("contact", "memberorganisation")
MODERATION = "Freigabe durch Moderation"
GROUP_ACTIONS = {
    "Editors": ("add", "change"),
    "Moderators": ("add", "change", "publish", "delete"),
}


def moderators_workflow(apps):
    """The workflow of the "Moderators" group's approval task, found by its group: its name
    may be Wagtail's English one or the German one (``translations`` renames it)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = (
        GroupApprovalTask.objects.filter(active=True, groups=moderators).order_by("pk").first()
    )
    if task is not None:
        workflow = (
            Workflow.objects.filter(active=True, workflow_tasks__task=task).order_by("pk").first()
        )
        if workflow is not None:
            return workflow
    else:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=MODERATION, content_type=task_type, active=True
        )
        task.groups.add(moderators)
    workflow = Workflow.objects.create(name=MODERATION, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def permission(apps, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="contacts", model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def assign(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Group = apps.get_model("auth", "Group")
    workflow = moderators_workflow(apps)
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="contacts", model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    for name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(permission(apps, model, f"{action}_{model}") for model in MODELS for action in actions)
        )


def unassign(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="contacts", content_type__model__in=MODELS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_organisation_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
