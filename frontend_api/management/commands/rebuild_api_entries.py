"""``manage.py rebuild_api_entries``: render the API's read model anew from the content."""

import time

from django.core.management.base import BaseCommand

from frontend_api.readmodel.store import rebuild


class Command(BaseCommand):
    help = (
        "Render every API entry (positions, topics, contacts, organisations) anew. "
        "migrate does this by itself when a release changes the rendering."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        shown = {}

        def progress(kind, done, total):
            if done == total or done - shown.get(kind, 0) >= 10_000:
                shown[kind] = done
                self.stdout.write(f"{kind}: {done}/{total}")

        counts = rebuild(progress)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Rendered {summary} in {time.perf_counter() - started:.1f} s.")
