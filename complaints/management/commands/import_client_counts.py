from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaints.importers import client_counts_import
from smartportal.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Import client counts from a CSV or .xlsx file with the columns institution_code, "
        "month (YYYY-MM), active_clients. A count for the same institution and month is "
        "replaced, and the replacement recorded. One bad row rejects the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            summary = client_counts_import(source=file, dry_run=dry_run)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{file}: {len(rejected.errors)} bad row(s); nothing was imported."
            ) from None
        prefix = "would be: " if dry_run else ""
        self.stdout.write(
            f"{file}: {summary.rows} row(s) read; {prefix}{summary.created} new, "
            f"{summary.replaced} replaced, {summary.unchanged} unchanged."
        )
