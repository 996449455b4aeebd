"""The change log of public content and the webhook outbox it feeds.

A publish, unpublish or delete writes a ``ChangeEvent`` and, for every matching active
``WebhookEndpoint``, a ``WebhookDelivery`` in the same transaction (``integration.events``):
whatever commits the content commits its events, whatever rolls it back leaves none. The
sync endpoint reads its deltas from the same rows. A delivery is a small state machine
(``pending`` → ``delivered`` | ``failed``) with ``next_attempt_at``: a worker claims a due row
in the database, never in memory, so a stopped worker loses and duplicates nothing.
"""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The events of the contract (PRODUCT.md "Member-site integration"). Organisations change the
# sync's items too, but are not announced by webhooks.
EVENT_TYPES = [
    "position.published",
    "position.unpublished",
    "topic.published",
    "topic.unpublished",
    "contact.published",
    "contact.unpublished",
]
SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix Standard Webhooks gives secrets
# How long a rotated secret keeps signing next to the new one.
DEFAULT_ROTATION_OVERLAP = timedelta(hours=24)


def new_secret() -> str:
    """``whsec_`` and 32 random bytes in base64, the Standard Webhooks form."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class ChangeEvent(models.Model):
    """One change of public content: ``position.published``, ``contact.unpublished``, …

    The id is the change log's sequence: a sync cursor is the last id a client has seen."""

    event_type = models.CharField(_("event"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=20)
    object_id = models.PositiveIntegerField(_("object id"))
    translation_key = models.UUIDField(_("translation key"))
    locale = models.CharField(_("locale"), max_length=20)
    # Kept as they were at the change: a tombstone still names what was deleted.
    slug = models.CharField(_("slug"), max_length=255, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    api_url = models.URLField(_("API URL"), max_length=500, blank=True)
    # Translation keys of the topics the object belongs to, for the endpoints' topic filter.
    topic_keys = models.JSONField(_("topics"), default=list, blank=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["locale", "id"], name="integration_change_locale")]

    def __str__(self):
        return f"{self.event_type} {self.object_type}:{self.object_id} ({self.locale})"

    @property
    def is_published(self) -> bool:
        return self.event_type.endswith(".published")

    def payload(self) -> dict:
        """The webhook body: ``{"type", "timestamp", "data": {...}}``."""
        return {
            "type": self.event_type,
            "timestamp": self.occurred_at.isoformat(),
            "data": {
                "id": self.object_id,
                "slug": self.slug or None,
                "locale": self.locale,
                "api_url": self.api_url or None,
                "url": self.url or None,
            },
        }


class EndpointState(models.TextChoices):
    ACTIVE = "active", _("active")
    # The receiver answered 410 Gone.
    DISABLED = "disabled", _("disabled")
    # Its name resolved to an address the hub does not send to (SSRF guard).
    REFUSED = "refused", _("refused")


class WebhookEndpoint(models.Model):
    """A member site's URL that receives signed events."""

    organisation = models.ForeignKey(
        "contacts.MemberOrganisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("URL"), max_length=500)
    event_types = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("Leave empty to receive every event."),
    )
    locale = models.CharField(
        _("locale"),
        max_length=20,
        blank=True,
        help_text=_("Only events of content in this language; empty for all."),
    )
    topic = models.ForeignKey(
        "home.TopicPage",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only events of this topic and of the content that belongs to it."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=EndpointState.choices, default=EndpointState.ACTIVE
    )
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organisation__name", "url"]

    def __str__(self):
        return self.url

    def signing_secrets(self) -> list[str]:
        """The current secret and, during a rotation's overlap, the previous one."""
        keys = [self.secret]
        overlap_ends = self.previous_secret_until
        if self.previous_secret and overlap_ends and overlap_ends > timezone.now():
            keys.append(self.previous_secret)
        return keys

    def rotate_secret(self, overlap: timedelta = DEFAULT_ROTATION_OVERLAP) -> str:
        """Give the endpoint a new secret; the old one keeps signing for ``overlap``."""
        self.previous_secret = self.secret
        self.previous_secret_until = timezone.now() + overlap
        self.secret = new_secret()
        self.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        return self.secret

    def wants(self, event: ChangeEvent) -> bool:
        """Whether ``event`` passes the endpoint's event types and filters."""
        if self.event_types and event.event_type not in self.event_types:
            return False
        if self.locale and event.locale != self.locale:
            return False
        if self.topic_id is not None:
            return str(self.topic.translation_key) in event.topic_keys
        return True


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, sent until it is answered with 2xx or the retries end.

    Every attempt carries the same ``webhook-id``, so a receiver can drop a duplicate."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        ChangeEvent, verbose_name=_("change"), on_delete=models.CASCADE, related_name="+"
    )
    message_id = models.CharField(_("webhook id"), max_length=64, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Set while a worker sends; a worker that died leaves it to expire, then the row is due again.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="integration_delivery_due")
        ]

    def __str__(self):
        return f"{self.event.event_type} → {self.endpoint.url} ({self.get_state_display()})"


class AttemptOutcome(models.TextChoices):
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    REFUSED = "refused", _("refused")


class WebhookAttempt(models.Model):
    """One request of a delivery, as the admin shows it."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    started_at = models.DateTimeField(_("time"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=AttemptOutcome.choices)
    status_code = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.outcome}"


def allowed_http_hosts() -> frozenset[str]:
    """Hosts that may be reached over plain http and at private addresses (tests, an
    intranet member site): ``WEBHOOK_ALLOW_HTTP_HOSTS``, names compared exactly."""
    return frozenset(getattr(settings, "WEBHOOK_ALLOW_HTTP_HOSTS", []))
