"""System checks of the embeds' settings."""

import re

from django.core import checks

from embeds.assets import frame_ancestors

# A CSP source expression: a keyword, a scheme ("https:"), or a host with optional scheme,
# wildcard subdomain, port and path. Anything else (";", quotes, spaces inside) could end
# the frame-ancestors directive and smuggle in another one.
SOURCE = re.compile(
    r"^(?:'self'|'none'|\*|[a-z][a-z0-9+.-]*:"
    r"|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[A-Za-z0-9.-]+(?::(?:\d+|\*))?(?:/[^\s;,'\"]*)?)$"
)


@checks.register(checks.Tags.security)
def check_frame_ancestors(app_configs, **kwargs):
    """``EMBED_FRAME_ANCESTORS`` must be a list of CSP sources."""
    bad = [source for source in frame_ancestors().split() if not SOURCE.match(source)]
    if not bad:
        return []
    return [
        checks.Error(
            f"EMBED_FRAME_ANCESTORS has invalid sources: {', '.join(bad)}",
            hint="Give CSP sources separated by spaces or commas, e.g. "
            "\"https://www.example.org https://*.example.net\" or '*'.",
            id="embeds.E001",
        )
    ]
