from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.questionnaires import (
    DEFAULT_FILE,
    QuestionnaireFileError,
    questionnaire_load_file,
)


class Command(BaseCommand):
    help = (
        "Load a questionnaire version from its JSON file (default: the 2010 six-principle "
        "questionnaire). A version that exists already is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
        parser.add_argument(
            "--draft", action="store_true", help="Load as a draft instead of publishing it."
        )

    def handle(self, *args, file: Path, draft: bool, **options) -> None:
        try:
            questionnaire, created = questionnaire_load_file(path=file, publish=not draft)
        except QuestionnaireFileError as exc:
            raise CommandError(str(exc)) from exc
        state = "loaded" if created else "already present"
        self.stdout.write(f"{questionnaire.code} {questionnaire.version}: {state}.")
