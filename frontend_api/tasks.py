"""Background work of the API: retiring cached responses that the request could not retire."""

from ops.retry import retrying


# Ahead of everything else: until it has run, a response cached before the change may be
# served. Tried again for about an hour while the shared cache cannot be reached.
@retrying(delays=[2, 5, 15, 30, 60, 120, 300, 600, 1200, 1800], priority=90)
def retire_cached_responses() -> None:
    from frontend_api.cache import retire_all

    retire_all(strict=True)


# A render that failed right after its commit (``frontend_api.readmodel.maintain``).
@retrying(delays=[2, 5, 15, 30, 60, 120, 300, 600], priority=80)
def render_pending(items: list[list]) -> None:
    from django.db import transaction

    from frontend_api.cache import retire_all
    from frontend_api.readmodel.maintain import render_changes

    with transaction.atomic():
        render_changes({(kind, identity) for kind, identity in items})
    # Responses built since the commit showed the entries from before it (rare: retire all).
    retire_all()
