import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.questionnaires import questionnaire_load_default
from complaints.defaults import complaint_defaults_load
from complaints.importers import client_counts_import, complaints_import
from complaints.models import Complaint, Publication, ZoneRule
from complaints.services import publication_publish
from institutions.importers import institutions_import
from institutions.models import Institution

DEMO_INSTITUTIONS = Path(settings.BASE_DIR) / "institutions" / "data" / "demo_institutions.csv"
DEMO_COMPLAINTS = Path(settings.BASE_DIR) / "complaints" / "data" / "demo_complaints.csv"
DEMO_CLIENT_COUNTS = Path(settings.BASE_DIR) / "complaints" / "data" / "demo_client_counts.csv"
DEMO_PUBLISHED = [datetime.date(2026, 8, 1), datetime.date(2026, 9, 1)]
DEFAULT_PASSWORD = "smartportal-demo"  # noqa: S105  (printed for the developer; refused when DEBUG is off)

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
