import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from institutions.importers import institutions_import
from institutions.models import Institution

DEMO_INSTITUTIONS = Path(settings.BASE_DIR) / "institutions" / "data" / "demo_institutions.csv"
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
    help = "Create (or bring up to date) the demo institutions and demo accounts. Development only."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are refused when DEBUG is off.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        with transaction.atomic():
            summary = institutions_import(source=DEMO_INSTITUTIONS)
            for username, role, code, first_name, last_name in DEMO_ACCOUNTS:
                user, _created = User.objects.update_or_create(
                    username=username,
                    defaults={
                        "role": role,
                        "institution": Institution.objects.get(code=code) if code else None,
                        "first_name": first_name,
                        "last_name": last_name,
                        "email": f"{username}@smartportal.example",
                        "is_demo": True,
                        "is_staff": role == Role.ADMIN,
                        "is_superuser": role == Role.ADMIN,
                    },
                )
                user.set_password(password)
                user.save(update_fields=["password"])

        self.stdout.write(
            f"Demo institutions: {summary.created} created, {summary.updated} updated."
        )
        self.stdout.write("Demo accounts (user / password / role / institution):")
        for username, role, code, _first, _last in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {password}  {role.value:<10} {code or '-'}")
