"""Admin users in tests."""

from wagtail.users.models import UserProfile


def with_admin_language(user, code: str):
    """``user`` with ``code`` as the admin interface language ("" follows LANGUAGE_CODE)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = code
    profile.save()
    return user
