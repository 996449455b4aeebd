"""``manage.py webhooks add|list|remove|rotate``: member sites' webhook endpoints."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Case, IntegerField, When
from wagtail.coreutils import get_supported_content_language_variant

from contacts.models import MemberOrganisation
from integration.http import Refused, check_registration
from integration.models import EVENT_TYPES, WebhookEndpoint


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def organisation_by_key(key: str) -> MemberOrganisation:
    """The organisation ``key`` in the default language (its source), else any translation."""
    found = (
        MemberOrganisation.objects.filter(key=key)
        .annotate(
            source=Case(
                When(locale__language_code=default_language(), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("source", "pk")
        .first()
    )
    if found is None:
        raise CommandError(f"No member organisation with the key {key!r}.")
    return found


class Command(BaseCommand):
    help = "Register, list, rotate and remove webhook endpoints of member organisations."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        add = commands.add_parser("add", help="Register an endpoint; prints its secret once.")
        add.add_argument("--organisation", required=True, help="Key of the member organisation.")
        add.add_argument("--url", required=True, help="https URL of the receiver.")
        add.add_argument(
            "--event",
            action="append",
            choices=EVENT_TYPES,
            default=[],
            help="Event type to send (repeatable); default: every event.",
        )
        add.add_argument("--locale", default="", help="Only events of content in this language.")
        commands.add_parser("list", help="Every endpoint with its state.")
        remove = commands.add_parser("remove", help="Delete an endpoint.")
        remove.add_argument("id", type=int)
        rotate = commands.add_parser(
            "rotate", help="Give an endpoint a new secret (the old one signs for 24 h more)."
        )
        rotate.add_argument("id", type=int)

    def handle(self, *args, command: str, **options):
        getattr(self, f"handle_{command}")(**options)

    def handle_add(self, *, organisation: str, url: str, event: list[str], locale: str, **_):
        owner = organisation_by_key(organisation)
        try:
            warning = check_registration(url)
        except Refused as exc:
            raise CommandError(f"Refused: {exc}") from exc
        if warning:
            self.stderr.write(f"Warning: {warning} (checked again at every delivery)")
        endpoint = WebhookEndpoint.objects.create(
            organisation=owner, url=url, event_types=sorted(set(event)), locale=locale
        )
        events = ", ".join(endpoint.event_types) or "all events"
        self.stdout.write(
            f"Endpoint {endpoint.pk} for {owner.key}: {endpoint.url} ({events}).\n"
            "Its signing secret follows, shown only this once:"
        )
        self.stdout.write(endpoint.secret)

    def handle_list(self, **_):
        endpoints = WebhookEndpoint.objects.select_related("organisation").order_by("pk")
        for endpoint in endpoints:
            events = ",".join(endpoint.event_types) or "*"
            self.stdout.write(
                f"{endpoint.pk}\t{endpoint.state}\t{endpoint.organisation.key}\t"
                f"{endpoint.url}\t{events}"
            )
        if not endpoints:
            self.stdout.write("No webhook endpoints.")

    def endpoint(self, pk: int) -> WebhookEndpoint:
        try:
            return WebhookEndpoint.objects.get(pk=pk)
        except WebhookEndpoint.DoesNotExist:
            raise CommandError(f"No webhook endpoint {pk}.") from None

    def handle_remove(self, *, id: int, **_):  # noqa: A002 - the argument's name
        endpoint = self.endpoint(id)
        endpoint.delete()
        self.stdout.write(f"Removed endpoint {id} ({endpoint.url}).")

    def handle_rotate(self, *, id: int, **_):  # noqa: A002
        endpoint = self.endpoint(id)
        secret = endpoint.rotate_secret()
        self.stdout.write(
            f"Endpoint {id} has a new secret; the previous one keeps signing until "
            f"{endpoint.previous_secret_until:%Y-%m-%d %H:%M} UTC. The new secret, shown once:"
        )
        self.stdout.write(secret)
