from pathlib import Path

from complaints.importers import complaints_import
from smartportal.commands import ImportCommand
from smartportal.tabular import ImportRejected

from ._progress import progress_bar


class Command(ImportCommand):
    help = (
        "Import complaints from a CSV or .xlsx file with the columns institution_code, "
        "received_on, channel, category[, complainant_ref, is_repeat, reference]. "
        "One bad row rejects the file; nothing is saved."
    )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        self.check_file(file)
        try:
            summary = complaints_import(
                source=file,
                dry_run=dry_run,
                progress=progress_bar if options["verbosity"] > 0 else None,
            )
        except ImportRejected as rejected:
            raise self.reject(file, rejected) from None
        excluded = ", ".join(f"{k}: {v}" for k, v in sorted(summary.excluded.items())) or "none"
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(
            f"{file}: {summary.rows} row(s) read; {summary.imported} {verb}, "
            f"{summary.already_imported} already imported; {summary.counted} counted; "
            f"excluded: {excluded}."
        )
