"""``manage.py ensure_admin``: make sure an administrator can log in to a fresh installation."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Create the superuser ``admin`` once; its password comes from ADMIN_PASSWORD or is
    generated and printed this one time. An existing user keeps its password unless
    ADMIN_PASSWORD is set: then that becomes its password (an operator who lost it, or a
    database restored from elsewhere, gets in again by setting the variable)."""

    help = (
        "Create the superuser 'admin' if it does not exist; set its password to "
        "$ADMIN_PASSWORD when that is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("ADMIN_EMAIL", "admin@example.org"))

    def handle(self, *args, username: str, email: str, **options):
        user_model = get_user_model()
        chosen = os.environ.get("ADMIN_PASSWORD")
        existing = user_model.objects.filter(username=username).first()
        if existing is not None:
            if not chosen:
                self.stdout.write(f"Admin user '{username}' exists; its password is unchanged.")
            elif existing.check_password(chosen):
                self.stdout.write(f"Admin user '{username}' has the password from ADMIN_PASSWORD.")
            else:
                existing.set_password(chosen)
                existing.save(update_fields=["password"])
                self.stdout.write(
                    f"Admin user '{username}' exists; its password is now the one from "
                    "ADMIN_PASSWORD."
                )
            return
        password = chosen or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email=email, password=password)
        if chosen:
            self.stdout.write(
                f"Created admin user '{username}' with the password from ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin user '{username}' with password: {password}\n"
                    "It is shown only this once; set ADMIN_PASSWORD to choose your own."
                )
            )
