import csv
import datetime
import json
import os
import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from assessments.models import (
    ActionItem,
    Assessment,
    AssessmentEvent,
    EventAction,
    Questionnaire,
    QuestionnaireStatus,
)
from assessments.questionnaires import questionnaire_load_default
from assessments.services import (
    AnswerEntry,
    ReviewEntry,
    action_item_save,
    answer_fingerprint,
    answers_save,
    assessment_decide,
    assessment_start,
    assessment_submit,
    review_save,
)
from cohorts.models import Cohort
from complaints.defaults import complaint_defaults_load
from complaints.importers import complaints_import
from complaints.models import ClientCount, Complaint, PeriodType, Publication, ZoneRule
from complaints.publications import publication_publish
from demo.generate_demo_data import MONTHS, PUBLISHED
from institutions.importers import institutions_import
from institutions.models import Institution

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_INSTITUTIONS = DEMO_DATA / "demo_institutions.csv"
DEMO_COMPLAINTS = DEMO_DATA / "demo_complaints.csv"
DEMO_CLIENT_COUNTS = DEMO_DATA / "demo_client_counts.csv"
DEMO_ASSESSMENTS = DEMO_DATA / "demo_assessments.json"
# Written by demo/generate_demo_data.py: 14 months of banks' and NBCOs' complaints; the
# 12 months from October 2025 to September 2026 are published, October 2026 is left to publish.
DEMO_PUBLISHED_KINDS = ("bank", "nbco")
# The NBCOs' June 2026 table is published under the significance rule (few complaints: every
# zone yellow), so that an institution's history shows a month with no band; the banks'
# rolling 12-month tables to August and September 2026 are published (October's waits).
DEMO_SIGNIFICANCE = ("nbco", datetime.date(2026, 6, 1))
DEMO_ROLLING = ("bank", PUBLISHED[-2:])
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
        "institutions, the demo accounts, 14 months of fictional complaint data for banks and "
        "NBCOs (12 of them published), a training cohort and self-assessments at each step of "
        "review. What exists already is left as it is. "
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

            # Fourteen months of fictional complaint data; twelve published for each kind.
            imported = not Complaint.objects.exists()
            if imported:
                complaints_import(source=DEMO_COMPLAINTS)
                self._demo_client_counts()
            self._demo_publications()
            self._demo_cohort()
            self._demo_assessments()

        self.stdout.write(
            f"Demo data: {summary.created} institution(s) and "
            f"{len(created_accounts)} account(s) created; existing ones left as they were."
        )
        published = Publication.objects.filter(period_type=PeriodType.MONTH)
        self.stdout.write(
            f"Complaint data: {MONTHS[0]:%Y-%m} to {MONTHS[-1]:%Y-%m} for banks and NBCOs "
            + ("loaded" if imported else "not loaded (complaints existed)")
            + "; published monthly tables: "
            + ", ".join(
                f"{published.filter(kind=kind).count()} {kind}" for kind in DEMO_PUBLISHED_KINDS
            )
            + f" ({MONTHS[-1]:%Y-%m} is the demo's month to publish)."
        )
        self.stdout.write("Demo accounts (user / role / institution):")
        for username, role, code, _first, _last in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {role.value:<10} {code or '-'}")
        self.stdout.write(
            f"Password of new demo accounts: {password}"
            + ("" if created_accounts else " (accounts existed: their passwords were kept)")
        )

    def _demo_client_counts(self) -> None:
        """The demo's client counts, those not there yet. The importer saves row by row, to
        record what a count replaces; a demo count replaces nothing, and every browser
        journey seeds the demo afresh, so they go in at once (with their audit history)."""
        institutions = dict(Institution.objects.values_list("code", "pk"))
        present = set(ClientCount.objects.values_list("institution_id", "month"))
        with DEMO_CLIENT_COUNTS.open(encoding="utf-8") as file:
            rows = [
                ClientCount(
                    institution_id=institutions[row["institution_code"]],
                    month=datetime.date.fromisoformat(f"{row['month']}-01"),
                    active_clients=int(row["active_clients"]),
                )
                for row in csv.DictReader(file)
                if row["institution_code"] in institutions
            ]
        bulk_create_with_history(
            [count for count in rows if (count.institution_id, count.month) not in present],
            ClientCount,
        )

    def _demo_publications(self) -> None:
        """Publish each demo month that has data and no publication yet, as if a regulator had
        published it in the middle of the next month."""
        regulator = User.objects.get(username="regulator")
        rule = ZoneRule.objects.get(is_default=True)
        significance = ZoneRule.objects.filter(method="significance").first() or rule
        rolling_kind, rolling_months = DEMO_ROLLING
        tables = [
            (kind, month, PeriodType.MONTH) for kind in DEMO_PUBLISHED_KINDS for month in PUBLISHED
        ] + [(rolling_kind, month, PeriodType.ROLLING_12) for month in rolling_months]
        for kind, month, period_type in tables:
            published = Publication.objects.filter(month=month, kind=kind, period_type=period_type)
            has_data = ClientCount.objects.filter(institution__kind=kind, month=month)
            if published.exists() or not has_data.exists():
                continue
            publication = publication_publish(
                month=month,
                kind=kind,
                period_type=period_type,
                zone_rule=significance if (kind, month) == DEMO_SIGNIFICANCE else rule,
                by=regulator,
            )
            after = MONTHS[MONTHS.index(month) + 1]
            Publication.objects.filter(pk=publication.pk).update(
                published_at=timezone.make_aware(datetime.datetime(after.year, after.month, 14, 11))
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

    def _demo_assessments(self) -> None:
        """Self-assessments at each step: submitted and waiting for review, accepted, returned
        with notes; the demo manager's accepted one of 2025 with its action plan. Dates are
        set back from today, as if each step had happened then."""
        questionnaire = Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED).first()
        principles = list(questionnaire.principles.prefetch_related("indicators"))
        indicators = {i.code: i for principle in principles for i in principle.indicators.all()}
        users = {
            user.username: user
            for user in User.objects.filter(username__in=["admin", "manager", "regulator"])
        }
        regulator = users["regulator"]
        now = timezone.now()
        for spec in json.loads(DEMO_ASSESSMENTS.read_text(encoding="utf-8"))["assessments"]:
            institution = Institution.objects.filter(code=spec["institution"]).first()
            if institution is None or (
                Assessment.objects.for_period(spec["period"])
                .filter(institution=institution)
                .exists()
            ):
                continue
            by = users[spec.get("by", "admin")]
            assessment = assessment_start(
                institution=institution,
                questionnaire=questionnaire,
                period=spec["period"],
                kind="self",
                by=by,
            )
            # Seeded by institution and period: each one's answers stay as they were when
            # others are added to the file.
            rng = random.Random(f"{spec['institution']}-{spec['period']}")  # noqa: S311
            entries = []
            for principle in principles:
                strength = spec.get("topics", {}).get(principle.topic, spec["strength"])
                for indicator in principle.indicators.all():
                    draw = rng.random()
                    response = spec.get("answers", {}).get(
                        indicator.code,
                        "meets"
                        if draw < strength
                        else "partial"
                        if draw < strength + 0.3
                        else "not_met",
                    )
                    entries.append(
                        AnswerEntry(indicator, response, "", 0, answer_fingerprint("", ""))
                    )
            answers_save(assessment=assessment, entries=entries, by=by)
            assessment_submit(assessment=assessment, by=by)
            if spec.get("review_notes"):
                review_save(
                    assessment=assessment,
                    entries=[
                        ReviewEntry(indicators[note["indicator"]], note["verdict"], note["note"])
                        for note in spec["review_notes"]
                    ],
                    by=regulator,
                )
            if spec.get("decision"):
                assessment_decide(
                    assessment=assessment,
                    accept=spec["decision"] == "accepted",
                    note=spec.get("note", ""),
                    by=regulator,
                )
            for item in spec.get("action_items", []):
                action_item_save(
                    item=ActionItem(
                        assessment=assessment,
                        indicator=indicators[item["indicator"]],
                        what=item["what"],
                        responsible=item["responsible"],
                        due_on=now.date() + datetime.timedelta(days=item["due_in_days"]),
                        status=item["status"],
                    ),
                    by=by,
                )
            self._backdate(assessment, spec, now)

    def _backdate(self, assessment: Assessment, spec: dict, now: datetime.datetime) -> None:
        submitted = now - datetime.timedelta(days=spec["submitted_days_ago"])
        started = submitted - datetime.timedelta(days=12)
        decided = (
            now - datetime.timedelta(days=spec["decided_days_ago"])
            if spec.get("decision")
            else None
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=started,
            submitted_at=submitted,
            **({"decided_at": decided} if decided else {}),
        )
        events = AssessmentEvent.objects.filter(assessment=assessment)
        events.filter(action=EventAction.CREATED).update(at=started)
        events.filter(action=EventAction.SUBMITTED).update(at=submitted)
        if decided:
            events.filter(action=EventAction.REVIEWED).update(
                at=decided - datetime.timedelta(hours=1)
            )
            events.exclude(
                action__in=[EventAction.CREATED, EventAction.SUBMITTED, EventAction.REVIEWED]
            ).update(at=decided)
        ActionItem.objects.filter(assessment=assessment).update(created_at=decided or submitted)
