from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaints.importers import complaints_import
from smartportal.tabular import ImportRejected

from ._progress import progress_bar

SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV or .xlsx file with the columns institution_code, "
        "received_on, channel, category[, complainant_ref, is_repeat, reference]. "
        "One bad row rejects the file; nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            summary = complaints_import(
                source=file,
                dry_run=dry_run,
                progress=progress_bar if options["verbosity"] > 0 else None,
            )
        except ImportRejected as rejected:
            for error in rejected.errors[:SHOWN]:
                self.stderr.write(str(error))
            if len(rejected.errors) > SHOWN:
                self.stderr.write(f"... and {len(rejected.errors) - SHOWN} more bad row(s).")
            raise CommandError(
                f"{file}: {len(rejected.errors)} bad row(s); nothing was imported."
            ) from None
        excluded = ", ".join(f"{k}: {v}" for k, v in sorted(summary.excluded.items())) or "none"
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(
            f"{file}: {summary.rows} row(s) read; {summary.imported} {verb}, "
            f"{summary.already_imported} already imported; {summary.counted} counted; "
            f"excluded: {excluded}."
        )
