"""Signed single-use links: the token carries the link's id and a secret, signed with the
project's SECRET_KEY; the database keeps only the secret's SHA-256 digest, so a leaked
database does not give anyone a valid link."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing
from django.utils import timezone
from wagtail.models import TaskState

from cosigning.models import SignOffLink

SALT = "cosigning.link"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_link(task_state, organisation, valid_days: int) -> str:
    """A new link for ``organisation`` to decide on ``task_state``'s revision; the token."""
    secret = secrets.token_urlsafe(32)
    link = SignOffLink.objects.create(
        task_state=task_state,
        organisation=organisation,
        revision=task_state.revision,
        digest=_digest(secret),
        expires_at=timezone.now() + timedelta(days=valid_days),
    )
    return signing.dumps({"link": link.pk, "secret": secret}, salt=SALT, compress=True)


class InvalidLink(Exception):
    """The link is unknown or tampered with (404), or no longer usable (410)."""

    def __init__(self, gone: bool):
        super().__init__("gone" if gone else "unknown")
        self.gone = gone


def resolve(token: str, *, for_update: bool = False) -> SignOffLink:
    """The usable link for ``token``; raises ``InvalidLink`` otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
        link_id, secret = int(data["link"]), str(data["secret"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidLink(gone=False) from exc
    links = SignOffLink.objects.select_related("task_state", "organisation", "revision")
    if for_update:
        links = links.select_for_update(of=("self",))
    link = links.filter(pk=link_id).first()
    if link is None or not hmac.compare_digest(link.digest, _digest(secret)):
        raise InvalidLink(gone=False)
    usable = (
        link.used_at is None
        and link.expires_at > timezone.now()
        and link.task_state.status == TaskState.STATUS_IN_PROGRESS
        and not link.task_state.cosigning_sign_offs.filter(
            organisation_id=link.organisation_id
        ).exists()
    )
    if not usable:
        raise InvalidLink(gone=True)
    return link
