import datetime
import os
import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.models import Assessment, Questionnaire, QuestionnaireStatus
from assessments.questionnaires import questionnaire_load_default
from assessments.services import (
    AnswerEntry,
    answer_fingerprint,
    answers_save,
    assessment_start,
    assessment_submit,
)
from cohorts.models import Cohort
from complaints.defaults import complaint_defaults_load
from complaints.importers import client_counts_import, complaints_import
from complaints.models import Complaint, Publication, ZoneRule
from complaints.publications import publication_publish
from institutions.importers import institutions_import
from institutions.models import Institution

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_INSTITUTIONS = DEMO_DATA / "demo_institutions.csv"
DEMO_COMPLAINTS = DEMO_DATA / "demo_complaints.csv"
DEMO_CLIENT_COUNTS = DEMO_DATA / "demo_client_counts.csv"
DEMO_PUBLISHED = [datetime.date(2026, 8, 1), datetime.date(2026, 9, 1)]
DEFAULT_PASSWORD = "smartportal-demo"  # noqa: S105  (printed for the developer; refused when DEBUG is off)

# A training group and the fictional 2026 results of three of its members (Ümid, the demo
# manager's institution, is left for the manager to fill in); answers drawn with a fixed seed.
DEMO_COHORT = "Təlim qrupu 2026 / Training group 2026"
DEMO_COHORT_MEMBERS = ["umid-mfi", "bereket-mfi", "cicek-mfi", "sheki-cu"]
DEMO_RESULTS = {"bereket-mfi": 0.75, "cicek-mfi": 0.55, "sheki-cu": 0.35}
DEMO_PERIOD = "2026"

# username, role, institution code, first name, last name
DEMO_ACCOUNTS = [
    ("manager", Role.MANAGER, "umid-mfi", "Leyla", "Məmmədova"),
    ("manager2", Role.MANAGER, "bereket-mfi", "Rəşad", "Quliyev"),
    ("regulator", Role.REGULATOR, None, "Aygün", "Həsənova"),
    ("trainer", Role.TRAINER, None, "Elçin", "Əliyev"),
    ("admin", Role.ADMIN, None, "Nigar", "İsmayılova"),
]


class Command(BaseCommand):
    help = (
        "Create what is missing of the demo data: the default questionnaire, the demo "
        "institutions, the demo accounts and three months of fictional complaint data "
        "(two of them published). What exists already is left as it is. "
        "Development only: refused when DEBUG is off."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError(_("Demo accounts are refused when DEBUG is off."))
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        created_accounts = []
        with transaction.atomic():
            questionnaire_load_default()
            complaint_defaults_load()
            summary = institutions_import(source=DEMO_INSTITUTIONS, update_existing=False)
            for username, role, code, first_name, last_name in DEMO_ACCOUNTS:
                if User.objects.filter(username=username).exists():
                    continue
                user = User(
                    username=username,
                    role=role,
                    institution=Institution.objects.get(code=code) if code else None,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@smartportal.example",
                    is_demo=True,
                    is_superuser=role == Role.ADMIN,
                )
                user.set_password(password)
                user.save()
                created_accounts.append(username)

            # Three months of fictional complaint data; August and September published.
            if not Complaint.objects.exists():
                complaints_import(source=DEMO_COMPLAINTS)
                client_counts_import(source=DEMO_CLIENT_COUNTS)
            regulator = User.objects.get(username="regulator")
            rule = ZoneRule.objects.get(is_default=True)
            for month in DEMO_PUBLISHED:
                if not Publication.objects.filter(month=month, kind="bank").exists():
                    publication_publish(
                        month=month, kind="bank", period_type="month", zone_rule=rule, by=regulator
                    )

            self._demo_cohort()

        self.stdout.write(
            f"Demo data: {summary.created} institution(s) and "
            f"{len(created_accounts)} account(s) created; existing ones left as they were."
        )
        self.stdout.write("Demo accounts (user / role / institution):")
        for username, role, code, _first, _last in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {role.value:<10} {code or '-'}")
        self.stdout.write(
            f"Password of new demo accounts: {password}"
            + ("" if created_accounts else " (accounts existed: their passwords were kept)")
        )

    def _demo_cohort(self) -> None:
        if Cohort.objects.filter(name=DEMO_COHORT).exists():
            return
        trainer = User.objects.get(username="trainer")
        cohort = Cohort.objects.create(
            name=DEMO_COHORT,
            description="Fictional training group of the demo data.",
            created_by=trainer,
        )
        cohort.institutions.set(Institution.objects.filter(code__in=DEMO_COHORT_MEMBERS))
        cohort.trainers.add(trainer)
        questionnaire = Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED).first()
        by = User.objects.get(username="admin")
        rng = random.Random(2026)  # noqa: S311  (repeatable fictional answers, not a secret)
        for code, strength in DEMO_RESULTS.items():
            institution = Institution.objects.get(code=code)
            if Assessment.objects.for_period(DEMO_PERIOD).filter(institution=institution).exists():
                continue
            assessment = assessment_start(
                institution=institution,
                questionnaire=questionnaire,
                period=DEMO_PERIOD,
                kind="self",
                by=by,
            )
            entries = []
            for principle in questionnaire.principles.prefetch_related("indicators"):
                for indicator in principle.indicators.all():
                    draw = rng.random()
                    response = (
                        "meets"
                        if draw < strength
                        else "partial"
                        if draw < strength + 0.3
                        else "not_met"
                    )
                    entries.append(
                        AnswerEntry(indicator, response, "", 0, answer_fingerprint("", ""))
                    )
            answers_save(assessment=assessment, entries=entries, by=by)
            assessment_submit(assessment=assessment, by=by)
