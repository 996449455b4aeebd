"""Which CDN the hub purges when content changes (``ops.cdn``): Varnish with the xkey vmod,
Cloudflare by cache tags, both or neither (``make run``: nothing is sent)."""

from collections.abc import Mapping


def cdn_settings_from_env(environ: Mapping[str, str]) -> dict:
    """``FRONTEND_CACHE_VARNISH_URL`` (e.g. ``http://127.0.0.1:6081``; several separated by
    commas), ``CLOUDFLARE_API_TOKEN`` and ``CLOUDFLARE_ZONE_ID`` (a token allowed to purge
    that zone's cache)."""
    names = ("FRONTEND_CACHE_VARNISH_URL", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ZONE_ID")
    return {name: environ.get(name, "").strip() for name in names}
