from pathlib import Path

from django.utils.translation import gettext as _

from institutions.importers import ImportRejected, institutions_import
from smartportal.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update institutions from a CSV or .xlsx file with the columns "
        "code,kind,name_az,name_en,name_ru (kind: bank, nbco, credit_union, insurer). "
        "A bad row fails the whole file and nothing is saved."
    )
    dry_run = False

    def handle(self, *args, file: Path, **options) -> None:
        self.check_file(file)
        try:
            summary = institutions_import(source=file)
        except ImportRejected as rejected:
            raise self.reject(file, rejected) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(file)s: %(created)s institution(s) created, %(updated)s updated.")
                % {"file": file, "created": summary.created, "updated": summary.updated}
            )
        )
