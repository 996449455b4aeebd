"""Users of the review and co-signing tests: an editor, a moderator, an organisation's signer."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.users import with_admin_language

PASSWORD = "review-password-1234"
# The moderators' task and workflow, named in German (translations/migrations/0003).
MODERATION = "Freigabe durch Moderation"


def member_of(group_name: str, username: str, language: str = "de"):
    """A user in ``group_name`` with an e-mail address (for the notifications)."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return with_admin_language(user, language)


def workflow_action(action: str, **fields) -> dict:
    """POST data of a workflow action (approve, reject) in a snippet or page editor."""
    return {**fields, "action-workflow-action": "true", "workflow-action-name": action}
