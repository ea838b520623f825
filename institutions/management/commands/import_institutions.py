from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from institutions.importers import ImportRejected, institutions_import


class Command(BaseCommand):
    help = (
        "Create or update institutions from a CSV or .xlsx file with the columns "
        "code,kind,name_az,name_en,name_ru (kind: bank, nbco, credit_union, insurer). "
        "A bad row fails the whole file and nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            summary = institutions_import(source=file)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(file)s: %(count)s bad row(s); nothing was imported.")
                % {"file": file, "count": len(rejected.errors)}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(file)s: %(created)s institution(s) created, %(updated)s updated.")
                % {"file": file, "created": summary.created, "updated": summary.updated}
            )
        )
