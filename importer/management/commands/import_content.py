"""``manage.py import_content PATH [--dry-run]``: load a content bundle into the hub."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from core.storages import storage_errors
from importer.bundle import BundleReader
from importer.errors import BundleError
from importer.writer import hub_has_content, import_bundle


class Command(BaseCommand):
    """Import a ``liga-content-bundle/1`` folder: all or nothing, idempotent, with a summary."""

    help = (
        "Import a content bundle (a folder with content.json and its media). Items are "
        "matched by key/slug: new ones are created, changed ones get a new published "
        "revision, the rest stay untouched. On any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Bundle folder, or its content.json")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Import only into a hub without content (so `make run` never overwrites "
            "what editors have changed since).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and rehearse the whole import, then roll it back.",
        )

    # Messages name bundle fields, which are English; validators' messages follow suit.
    @no_translations
    def handle(self, *args, path: Path, dry_run: bool, if_empty: bool = False, **options):
        if if_empty and hub_has_content():
            self.stdout.write("The hub has content already; nothing imported (--if-empty).")
            return
        show_progress = self.stdout.isatty() and int(options.get("verbosity", 1)) > 0
        try:
            bundle = BundleReader(path).read()
        except BundleError as exc:
            raise self.refused(exc) from exc
        try:
            summary = import_bundle(
                bundle, dry_run=dry_run, progress=self._progress if show_progress else None
            )
        except BundleError as exc:
            raise self.refused(exc) from exc
        except storage_errors() as exc:
            # The bundle is read already: what fails now is the media storage.
            raise CommandError(
                f"The media storage did not take a file ({type(exc).__name__}: {exc}); "
                "the import was rolled back, nothing was written."
            ) from exc
        if show_progress:
            self.stdout.write("")
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        elif summary.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported {path}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Nothing to do: {path} is already imported."))

    @staticmethod
    def refused(exc: BundleError) -> CommandError:
        return CommandError("Import refused, nothing was written:\n  " + "\n  ".join(exc.problems))

    def _progress(self, section: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        ending = "\n" if done == total else ""
        self.stdout.write(f"\r{section:<14} [{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()
