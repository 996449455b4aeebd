"""``manage.py apikeys create|list|revoke``: API keys of member organisations.

``create`` prints the key alone on its last line, once: only its digest is stored.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from access.models import ApiKey
from contacts.models import MemberOrganisation


class Command(BaseCommand):
    help = "Create, list and revoke API keys of member organisations."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Create a key and print it (once).")
        create.add_argument("--organisation", required=True, help="Key of the organisation.")
        create.add_argument("--name", required=True, help="What the key is for.")
        commands.add_parser("list", help="List the keys (prefix, organisation, state).")
        revoke = commands.add_parser("revoke", help="Revoke a key by its prefix or id.")
        revoke.add_argument("key", help="The prefix (liga_…) or the id of the key.")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def create(self, organisation, name, **options):
        found = MemberOrganisation.objects.filter(
            key=organisation, locale=Locale.get_default()
        ).first()
        if found is None:
            raise CommandError(f"There is no member organisation with the key {organisation!r}.")
        key, secret = ApiKey.issue(found, name)
        self.stdout.write(
            f"Created API key {key.prefix}… ({name}) for {found}. "
            "Store it now: it is not shown again."
        )
        self.stdout.write(secret)

    def list(self, **options):
        keys = ApiKey.objects.select_related("organisation")
        for key in keys:
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used:%Y-%m-%d %H:%M}" if key.last_used else "never"
            self.stdout.write(
                f"{key.pk}\t{key.prefix}…\t{key.organisation.key}\t{key.name}\t{state}\t"
                f"last used {used}"
            )
        if not keys:
            self.stdout.write("No API keys.")

    def revoke(self, key, **options):
        keys = ApiKey.objects.filter(pk=int(key)) if key.isdigit() else None
        if keys is None:
            keys = ApiKey.objects.filter(prefix=key.rstrip("…"))
        if len(keys) != 1:
            raise CommandError(f"{key!r} names {len(keys)} keys; give the id instead.")
        keys[0].revoke()
        self.stdout.write(f"Revoked {keys[0]}.")
