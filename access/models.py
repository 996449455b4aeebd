"""API keys of member organisations, their daily usage, and draft preview tokens.

Neither a key nor a preview token is stored: only the SHA-256 digest of it. Both are 256-bit
random strings, so a plain digest is as hard to reverse as the secret is to guess; a slow
password hash would add only cost per request, and an HMAC with ``SECRET_KEY`` would make
rotating that key silently invalidate every key and link handed out.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "liga_"
# The characters after ``liga_`` kept in clear so that people can tell their keys apart.
RECOGNISABLE_CHARS = 8


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A member organisation's key for the API (optional: anonymous reading is allowed)."""

    organisation = models.ForeignKey(
        "contacts.MemberOrganisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=RECOGNISABLE_CHARS + len(KEY_PREFIX))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["organisation__key", "name"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, organisation, name: str) -> tuple["ApiKey", str]:
        """A new key for ``organisation``: the model and the key itself (shown once)."""
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=secret[: len(KEY_PREFIX) + RECOGNISABLE_CHARS],
            digest=digest(secret),
        )
        return key, secret

    def revoke(self) -> None:
        from access.keys import forget

        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
        forget(self.digest)


class ApiKeyUsage(models.Model):
    """Requests made with one key on one day (Europe/Berlin), flushed from the cache's
    counters by the scheduler tick (``access.usage``)."""

    key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("day"))
    count = models.PositiveBigIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API usage")
        verbose_name_plural = _("API usage")
        ordering = ["-day", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="access_usage_one_row_per_day")
        ]

    def __str__(self):
        return f"{self.key}: {self.day} {self.count}"


PREVIEW_LIFETIME = timezone.timedelta(hours=24)


class PreviewToken(models.Model):
    """A link to the latest revision of one draft page or contact, valid 24 hours."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, obj, user) -> tuple["PreviewToken", str]:
        """A new token for ``obj`` (a page or a contact): the model and the token itself."""
        secret = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
            digest=digest(secret),
            created_by=user,
            created_at=now,
            expires_at=now + PREVIEW_LIFETIME,
        )
        return token, secret

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
