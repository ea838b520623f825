"""Load test of the portal as `make serve` runs it (`make load`, and the last step of `make bench`).

On its own PostgreSQL database (LOAD_DATABASE_URL, created if missing) it migrates and makes
what the visitors need: LOAD_USERS institution managers (not demo accounts), each with their
own MFI and draft self-assessment, fully answered; 25 banks with twelve published months of
complaints (the supervision dashboard's zone map), 8 of them with a submitted self-assessment,
and a regulator account. It then starts gunicorn as `make serve` does on a free port of
127.0.0.1, runs locust headless (bench/locustfile.py: LOAD_USERS users for LOAD_SECONDS
seconds), stops gunicorn and prints, per page, requests, requests/s, errors, p50 and p95. It
exits non-zero on any error; times are printed, not asserted.
"""

import csv
import datetime
import json
import os
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import serve

DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smartportal_load"
)
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "5"))
# Seconds a user waits between two actions, reading or typing: "low,high".
WAIT = os.environ.get("LOAD_WAIT", "2,8")
# Leave out tasks by locust tag, to see what they cost the others: "report", "login".
EXCLUDE_TAGS = os.environ.get("LOAD_EXCLUDE_TAGS", "")
MONTH = datetime.date(2026, 9, 1)
# Twelve published months, the newest MONTH: the supervision dashboard's zone map.
MONTHS = [
    datetime.date(MONTH.year - (MONTH.month <= n), (MONTH.month - n - 1) % 12 + 1, 1)
    for n in range(11, -1, -1)
]
BANKS = 25
ASSESSED_BANKS = 8
PERIOD = "2026"


def fixtures_ensure(*, managers: int, password: str) -> dict:
    """Create what is missing of the visitors' data; give every load account ``password``."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import Role, User
    from assessments.models import Assessment, Indicator
    from assessments.questionnaires import questionnaire_load_default
    from assessments.services import AnswerEntry, answer_fingerprint, answers_save, assessment_start
    from institutions.models import Institution

    questionnaire = questionnaire_load_default()[0]
    indicators = list(
        Indicator.objects.filter(principle__questionnaire=questionnaire).select_related("principle")
    )
    rng = random.Random(2026)
    plan = {"month": f"{MONTH:%Y-%m}", "kind": "bank", "managers": []}
    for number in range(1, managers + 1):
        with transaction.atomic():
            institution, _ = Institution.objects.get_or_create(
                code=f"load-mfi-{number:03d}",
                defaults={"kind": "nbco", "name_az": f"Yük Sınağı {number} BOKT"},
            )
            user, _ = User.objects.get_or_create(
                username=f"load-manager-{number:03d}",
                defaults={"role": Role.MANAGER, "institution": institution, "is_demo": False},
            )
            assessment = (
                Assessment.objects.for_period(PERIOD).filter(institution=institution).first()
            )
            if assessment is None:
                assessment = assessment_start(
                    institution=institution,
                    questionnaire=questionnaire,
                    period=PERIOD,
                    kind="self",
                    by=user,
                )
                entries = [
                    AnswerEntry(
                        indicator=indicator,
                        response=rng.choice(["meets", "partial", "not_met"]),
                        comment="Siyasət sənədi, 2026, bölmə 3.",
                        seen_version=0,
                        seen_fingerprint=answer_fingerprint("", ""),
                    )
                    for indicator in indicators
                ]
                answers_save(assessment=assessment, entries=entries, by=user)
        plan["managers"].append({"username": user.username, "assessment": assessment.pk})
    plan["principles"] = sorted({indicator.principle.number for indicator in indicators})

    regulator, _ = User.objects.get_or_create(
        username="load-regulator", defaults={"role": Role.REGULATOR, "is_demo": False}
    )
    published_months_ensure(regulator=regulator, rng=rng)
    bank_assessments_ensure(
        questionnaire=questionnaire, indicators=indicators, by=regulator, rng=rng
    )

    # One hash for every load account: hashing is slow on purpose, and this database is ours.
    User.objects.filter(username__startswith="load-").update(password=make_password(password))
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    plan["regulator"] = regulator.username
    return plan


def bank_assessments_ensure(*, questionnaire, indicators, by, rng: random.Random) -> None:
    """Submitted self-assessments of ASSESSED_BANKS banks: the dashboard holds their
    complaint-handling scores against their complaints."""
    from assessments.models import Assessment
    from assessments.services import (
        AnswerEntry,
        answer_fingerprint,
        answers_save,
        assessment_start,
        assessment_submit,
    )
    from institutions.models import Institution

    for bank in Institution.objects.filter(kind="bank").order_by("code")[:ASSESSED_BANKS]:
        if Assessment.objects.for_period(PERIOD).filter(institution=bank).exists():
            continue
        assessment = assessment_start(
            institution=bank, questionnaire=questionnaire, period=PERIOD, kind="self", by=by
        )
        entries = [
            AnswerEntry(
                indicator=indicator,
                response=rng.choice(["meets", "meets", "partial", "not_met"]),
                comment="",
                seen_version=0,
                seen_fingerprint=answer_fingerprint("", ""),
            )
            for indicator in indicators
        ]
        answers_save(assessment=assessment, entries=entries, by=by)
        assessment_submit(assessment=assessment, by=by)


def published_months_ensure(*, regulator, rng: random.Random) -> None:
    """BANKS banks with complaints and client counts in each of MONTHS, each month published."""
    from complaints.importers import (
        COMPLAINT_COLUMNS,
        COMPLAINT_OPTIONAL,
        client_counts_import,
        complaints_import,
    )
    from complaints.models import Publication, ZoneRule
    from complaints.publications import publication_publish
    from institutions.models import Institution

    banks = []
    for number in range(1, BANKS + 1):
        bank, _ = Institution.objects.get_or_create(
            code=f"load-bank-{number:02d}",
            defaults={"kind": "bank", "name_az": f"Yük Bank {number} ASC"},
        )
        banks.append((bank.code, 20_000 + 25_000 * number))
    published = set(
        Publication.objects.filter(kind="bank", period_type="month").values_list("month", flat=True)
    )
    for month in MONTHS:
        if month in published:
            continue
        folder = Path(tempfile.mkdtemp())
        with (folder / "clients.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["institution_code", "month", "active_clients"])
            writer.writerows([code, f"{month:%Y-%m}", clients] for code, clients in banks)
        with (folder / "complaints.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([*COMPLAINT_COLUMNS, *COMPLAINT_OPTIONAL])
            for code, clients in banks:
                for person in range(int(clients / 1000 * rng.uniform(0.5, 1.6))):
                    writer.writerow(
                        [
                            code,
                            month.replace(day=rng.randint(1, 28)).isoformat(),
                            rng.choice(["oral", "written", "in_person"]),
                            rng.choice(["cards", "payments", "loans", "fees", "service"]),
                            f"{code}-{month:%Y%m}-P{person}",
                            "0",
                            f"LOAD-{code}-{month:%Y%m}-{person}",
                        ]
                    )
        client_counts_import(source=folder / "clients.csv")
        complaints_import(source=folder / "complaints.csv")
        publication_publish(
            month=month,
            kind="bank",
            period_type="month",
            zone_rule=ZoneRule.objects.get(is_default=True),
            by=regulator,
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((serve.HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(*, url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped with exit code {server.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (127.0.0.1)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within {seconds:.0f} s.")


def warm_up(*, host: str, plan: dict) -> None:
    """Send every worker its first requests before measuring: the first one imports the URLconf,
    and with it matplotlib and ReportLab (about 1.5 s), once per worker process."""
    month = f"{host}/index/{plan['kind']}/{plan['month']}/"
    urls = [month, f"{host}/accounts/login/"] * (3 * serve.WORKERS)
    urls += [f"{month}report.pdf"] * serve.WORKERS

    def get(url: str) -> None:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  (127.0.0.1)
            response.read()

    with ThreadPoolExecutor(max_workers=2 * serve.WORKERS) as pool:
        list(pool.map(get, urls))


def stats_print(*, stats_csv: Path, failures_csv: Path) -> int:
    """Print the per-page table from locust's CSV; return the number of errors."""
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = f"{'page':<52} {'requests':>8} {'req/s':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    errors = 0
    for row in rows:
        name = "total" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        if row["Name"] == "Aggregated":
            print("-" * len(header))
            errors = int(row["Failure Count"])
        print(
            f"{name:<52} {int(row['Request Count']):>8} {float(row['Requests/s']):>7.1f} "
            f"{int(row['Failure Count']):>6} {row['50%']:>7} {row['95%']:>7}"
        )
    if errors:
        with failures_csv.open(encoding="utf-8") as handle:
            for failure in csv.DictReader(handle):
                print(
                    f"ERROR {failure['Method']} {failure['Name']}: {failure['Error']} "
                    f"({failure['Occurrences']}×)"
                )
    return errors


class CpuMeter:
    """CPU time used during the run: the whole machine, gunicorn's workers, locust. On a shared
    machine, "other" shows how much went to PostgreSQL and to anything else running."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.workers = psutil.Process(server.pid).children()
        self.started = time.monotonic()
        self.machine = self._machine()
        self.server = self._server()
        self.children = self._children()

    @staticmethod
    def _machine() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0)

    def _server(self) -> float:
        return sum(sum(worker.cpu_times()[:2]) for worker in self.workers)

    @staticmethod
    def _children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def report(self) -> str:
        seconds = time.monotonic() - self.started
        machine = (self._machine() - self.machine) / seconds * 100
        server = (self._server() - self.server) / seconds * 100
        locust = (self._children() - self.children) / seconds * 100
        other = machine - server - locust
        text = (
            f"CPU during the run ({psutil.cpu_count()} cores = {100 * psutil.cpu_count()} %): "
            f"machine {machine:.0f} %, gunicorn workers {server:.0f} %, locust {locust:.0f} %, "
            f"other (PostgreSQL, anything else) {other:.0f} %"
        )
        # PostgreSQL itself takes about 10 % here: much more means another job shared the CPU.
        if other > 25:
            text += (
                "\nWARNING: other work shared the CPU during the run; the times are pessimistic."
            )
        return text


def locust_run(*, host: str, plan_file: Path, folder: Path) -> int:
    """Run locust headless against ``host``; its exit code (its CSV files go to ``folder``)."""
    command = [
        str(serve.VENV_BIN / "locust"),
        "--locustfile",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--only-summary",
        "--host",
        host,
        "--users",
        str(USERS),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--run-time",
        f"{SECONDS}s",
        "--csv",
        str(folder / "locust"),
    ]
    if EXCLUDE_TAGS:
        command += ["--exclude-tags", *EXCLUDE_TAGS.split(",")]
    with (folder / "locust.log").open("w") as log:
        return subprocess.run(  # noqa: S603  (locust from the venv)
            command,
            env={**os.environ, "LOAD_PLAN": str(plan_file), "LOAD_WAIT": WAIT},
            timeout=SECONDS + 120,
            check=False,
            stdout=log,
            stderr=subprocess.STDOUT,
        ).returncode


def main() -> None:
    environment = serve.server_environment(database_url=DATABASE_URL)
    serve.prepare(environment=environment)

    os.environ.update(environment)
    sys.path.insert(0, str(serve.ROOT))
    import django

    django.setup()
    from django.db import connections

    password = secrets.token_urlsafe(24)
    started = time.perf_counter()
    plan = fixtures_ensure(managers=USERS, password=password)
    connections.close_all()
    seconds = time.perf_counter() - started
    print(f"Load data ready in {seconds:.1f} s ({len(plan['managers'])} managers)")

    folder = Path(tempfile.mkdtemp(prefix="smartportal-load-"))
    plan_file = folder / "plan.json"
    plan_file.touch(mode=0o600)
    plan_file.write_text(json.dumps({**plan, "password": password}), encoding="utf-8")
    busy = psutil.cpu_percent(interval=3) * psutil.cpu_count()
    print(f"Machine before the run: {busy:.0f} % CPU busy (of {100 * psutil.cpu_count()} %)")
    if busy > 20:
        print("WARNING: something else is using the CPU; the times will be worse than idle.")
    port = free_port()
    host = f"http://{serve.HOST}:{port}"
    with (folder / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(  # noqa: S603  (gunicorn from the venv)
            serve.gunicorn_command(port=port, access_log=str(folder / "access.log")),
            cwd=serve.ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(url=f"{host}/accounts/login/", server=server)
        warm_up(host=host, plan=plan)
        print(
            f"Locust: {USERS} users (started {SPAWN_RATE:g}/s) for {SECONDS} s against {host}, "
            f"{WAIT.replace(',', '-')} s between a user's actions"
            f"{'; leaving out ' + EXCLUDE_TAGS if EXCLUDE_TAGS else ''}; "
            f"gunicorn with {serve.WORKERS} sync workers; logs in {folder}"
        )
        meter = CpuMeter(server)
        exit_code = locust_run(host=host, plan_file=plan_file, folder=folder)
        cpu = meter.report()
    finally:
        plan_file.unlink()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    stats = folder / "locust_stats.csv"
    if not stats.is_file():
        print((folder / "locust.log").read_text(encoding="utf-8")[-3000:])
        sys.exit(f"locust wrote no statistics (exit code {exit_code}).")
    errors = stats_print(stats_csv=stats, failures_csv=folder / "locust_failures.csv")
    print(cpu)
    now = datetime.datetime.now(datetime.UTC)
    print(f"{now:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, PostgreSQL at {DATABASE_URL}")
    if errors or exit_code:
        sys.exit(f"{errors} error(s); locust exit code {exit_code}.")


if __name__ == "__main__":
    main()
