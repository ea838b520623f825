from pathlib import Path

from complaints.importers import client_counts_import
from smartportal.commands import ImportCommand
from smartportal.tabular import ImportRejected


class Command(ImportCommand):
    help = (
        "Import client counts from a CSV or .xlsx file with the columns institution_code, "
        "month (YYYY-MM), active_clients. A count for the same institution and month is "
        "replaced, and the replacement recorded. One bad row rejects the file."
    )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        self.check_file(file)
        try:
            summary = client_counts_import(source=file, dry_run=dry_run)
        except ImportRejected as rejected:
            raise self.reject(file, rejected) from None
        prefix = "would be: " if dry_run else ""
        self.stdout.write(
            f"{file}: {summary.rows} row(s) read; {prefix}{summary.created} new, "
            f"{summary.replaced} replaced, {summary.unchanged} unchanged."
        )
