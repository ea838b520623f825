"""Benchmark of the reports (run by `make bench`, not by `make test`).

Prints the time to build one assessment's report (PDF and Excel, the shipped six-principle
questionnaire, 42 indicators) and a 50-institution cohort's report, each the best of 3
runs, from the database read to the finished file. It asserts nothing about time.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

MEMBERS = 50
PERIOD = "2099"
RUNS = 3


def best_of(runs: int, build) -> tuple[float, int]:
    timings = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build())
        timings.append(time.perf_counter() - started)
    return min(timings), size


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartportal.settings.local")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    call_command("migrate", verbosity=0)

    from accounts.models import Role, User
    from assessments import reports
    from assessments.models import Assessment, Indicator
    from assessments.questionnaires import questionnaire_load_default
    from assessments.selectors import assessment_outcome
    from assessments.services import (
        AnswerEntry,
        answer_fingerprint,
        answers_save,
        assessment_start,
        assessment_submit,
    )
    from cohorts import reports as cohort_reports
    from cohorts.models import Cohort
    from cohorts.selectors import cohort_outcome
    from institutions.models import Institution

    questionnaire = questionnaire_load_default()[0]
    by, _ = User.objects.get_or_create(username="bench-trainer", defaults={"role": Role.TRAINER})
    cohort_group, _ = Cohort.objects.get_or_create(name="Benchmark cohort")
    rng = random.Random(2026)  # noqa: S311  (repeatable fictional answers)
    indicators = list(Indicator.objects.filter(principle__questionnaire=questionnaire))
    started = time.perf_counter()
    for number in range(MEMBERS):
        institution, _ = Institution.objects.get_or_create(
            code=f"bench-mfi-{number:02d}",
            defaults={"kind": "nbco", "name_az": f"Şəki Ümid {number} BOKT"},
        )
        cohort_group.institutions.add(institution)
        if Assessment.objects.for_period(PERIOD).filter(institution=institution).exists():
            continue
        assessment = assessment_start(
            institution=institution, questionnaire=questionnaire, period=PERIOD, kind="self", by=by
        )
        strength = rng.random()
        entries = [
            AnswerEntry(
                indicator=indicator,
                response=rng.choices(["meets", "partial", "not_met"], [strength, 0.3, 0.3])[0],
                comment="Siyasət sənədi, 2026-cı il. Əsaslandırma əlavə olunub.",
                seen_version=0,
                seen_fingerprint=answer_fingerprint("", ""),
            )
            for indicator in indicators
        ]
        answers_save(assessment=assessment, entries=entries, by=by)
        assessment_submit(assessment=assessment, by=by)
    print(f"{MEMBERS} submitted assessments ready in {time.perf_counter() - started:.1f} s")

    one = (
        Assessment.objects.for_period(PERIOD)
        .select_related("institution", "questionnaire")
        .get(institution__code="bench-mfi-00")
    )
    with translation.override("az"):

        def assessment_pdf() -> bytes:
            outcome = assessment_outcome(assessment=one)
            return reports.assessment_pdf(outcome=outcome, chart=reports.principles_chart(outcome))

        def assessment_xlsx() -> bytes:
            return reports.assessment_xlsx(outcome=assessment_outcome(assessment=one))

        def cohort(fmt: str):
            def run() -> bytes:
                outcome = cohort_outcome(
                    cohort=cohort_group,
                    questionnaire=questionnaire,
                    period=PERIOD,
                    may_name=lambda institution: True,
                )
                if fmt == "pdf":
                    chart = cohort_reports.spread_chart(outcome)
                    return cohort_reports.cohort_pdf(outcome=outcome, chart=chart)
                return cohort_reports.cohort_xlsx(outcome=outcome)

            return run

        for label, build in (
            ("One assessment's PDF", assessment_pdf),
            ("One assessment's Excel", assessment_xlsx),
            (f"{MEMBERS}-institution cohort PDF", cohort("pdf")),
            (f"{MEMBERS}-institution cohort Excel", cohort("xlsx")),
        ):
            seconds, size = best_of(RUNS, build)
            print(f"{label}: {seconds:.2f} s ({size / 1024:.0f} KiB; best of {RUNS})")
    print(f"Database: {connection.vendor}")


if __name__ == "__main__":
    main()
