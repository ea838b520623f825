"""What the import commands share: one file argument, and how a rejected file is reported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartportal.tabular import ImportRejected

SHOWN_ERRORS = 200


class ImportCommand(BaseCommand):
    """A command that imports one file; ``dry_run`` adds --dry-run."""

    dry_run = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        if self.dry_run:
            parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def check_file(self, file: Path) -> None:
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})

    def reject(self, file: Path, rejected: ImportRejected) -> CommandError:
        """Write each bad row (the first SHOWN_ERRORS) to stderr; return the error to raise."""
        for error in rejected.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if rejected.total > SHOWN_ERRORS:
            self.stderr.write(
                _("... and %(count)s more bad row(s).") % {"count": rejected.total - SHOWN_ERRORS}
            )
        return CommandError(
            _("%(file)s: %(count)s bad row(s); nothing was imported.")
            % {"file": file, "count": rejected.total}
        )
