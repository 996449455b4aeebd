"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

# A server started without configuration must not run with debug on and a public key.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()
