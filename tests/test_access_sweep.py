"""The access sweep: every URL that names an object, asked for by every kind of user.

The table below says, for each parameterised URL pattern, how to fill in its parameters from
one small world and who may see the page. Whoever is not listed must get a refusal (403, 404
or a redirect to the login page), for GET and for an empty POST, and nothing may change; the
listed ones must get the page, which proves the table right. A pattern the table does not
cover fails the sweep, so a new URL cannot escape it. The Django admin is left to its own
permissions; only its refusal of everyone but administrators is checked here.
"""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.views.static import serve

from accounts.models import User
from assessments.models import ActionItem, Assessment, Evidence, Response
from assessments.services import (
    action_item_save,
    assessment_start,
    assessment_submit,
    evidence_change,
)
from cohorts.models import Cohort
from complaints.importers import client_counts_import, complaints_import
from complaints.models import PeriodType, ZoneRule
from complaints.publications import publication_publish
from institutions.models import Institution
from tests.assessments.test_services import answer_all, indicators_of
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
MANAGER = "manager"  # manages institution A, which owns every object below
OTHER_MANAGER = "other_manager"  # manages B: in A's cohort, nothing else of A's
OUTSIDE_MANAGER = "outside_manager"  # manages C: in no cohort
REGULATOR = "regulator"
TRAINER = "trainer"  # trains the cohort
OUTSIDE_TRAINER = "outside_trainer"  # trains no cohort
ADMINISTRATOR = "administrator"
PRINCIPALS = (
    ANONYMOUS,
    MANAGER,
    OTHER_MANAGER,
    OUTSIDE_MANAGER,
    REGULATOR,
    TRAINER,
    OUTSIDE_TRAINER,
    ADMINISTRATOR,
)
ANYONE = frozenset(PRINCIPALS)
NOBODY = frozenset()
SUPERVISORS = frozenset({REGULATOR, TRAINER, OUTSIDE_TRAINER})
# Who sees an assessment (and its evidence) of A: the owner and administrators while it is a
# draft; once submitted, regulators and trainers too.
SEES_DRAFT = frozenset({MANAGER, ADMINISTRATOR})
SEES_SUBMITTED = SEES_DRAFT | SUPERVISORS
SEES_INSTITUTION = frozenset({MANAGER, ADMINISTRATOR}) | SUPERVISORS
SEES_COHORT = frozenset({ADMINISTRATOR, REGULATOR, TRAINER, MANAGER, OTHER_MANAGER})
SEES_COMPLAINT_STAFF_PAGES = frozenset({ADMINISTRATOR, REGULATOR})
SEES_SUPERVISION = frozenset({ADMINISTRATOR, REGULATOR})
# Pages without parameters that only some may open (the sweep above covers those with).
STAFF_PAGES = {"supervision:dashboard": SEES_SUPERVISION}

MONTH = "2026-10"
UNPUBLISHED_MONTH = "2026-11"
COMPLAINTS_CSV = (
    "institution_code,received_on,channel,category,complainant_ref,is_repeat,reference\n"
    "umid-test,2026-10-02,written,cards,c1,,R-1\n"
    "umid-test,2026-10-03,oral,fees,c2,,R-2\n"
    "bereket-test,2026-10-04,written,service,c3,,R-3\n"
    "umid-test,2026-11-05,written,cards,c4,,R-4\n"
)
COUNTS_CSV = (
    "institution_code,month,active_clients\n"
    "umid-test,2026-10,10000\n"
    "bereket-test,2026-10,40000\n"
    "outside-test,2026-10,20000\n"
    "umid-test,2026-11,10000\n"
    "bereket-test,2026-11,40000\n"
    "outside-test,2026-11,20000\n"
)


@dataclass
class World:
    institution: Institution
    draft: Assessment
    submitted: Assessment
    draft_evidence: Evidence
    submitted_evidence: Evidence
    gap_indicator_pk: int
    cohort: Cohort


@dataclass(frozen=True)
class Case:
    """One parameterised URL, filled in from the world, and who may open it.

    ``writes``: who may POST to it (not swept: a POST by them would act). Anyone else who
    sees the page must be refused on POST, or get the same redirect as on GET.
    ``redirects``: principals whose GET (and POST) is answered by a redirect to this URL name
    with the same parameters, instead of the page.
    """

    kwargs: Callable[[World], dict]
    sees: frozenset
    writes: frozenset = NOBODY
    redirects: dict = field(default_factory=dict)
    label: str = ""


def _pk(attribute: str) -> Callable[[World], dict]:
    return lambda world: {"pk": getattr(world, attribute).pk}


def _assessment_cases(
    extra=None,
    *,
    sees_draft=SEES_DRAFT,
    sees_submitted=SEES_SUBMITTED,
    writes_draft=NOBODY,
    writes_submitted=NOBODY,
    redirects_submitted=None,
):
    extra = extra or (lambda world: {})
    return [
        Case(
            lambda world: {"pk": world.draft.pk, **extra(world)},
            sees_draft,
            writes_draft,
            label="draft",
        ),
        Case(
            lambda world: {"pk": world.submitted.pk, **extra(world)},
            sees_submitted,
            writes_submitted,
            redirects_submitted or {},
            label="submitted",
        ),
    ]


def _code(world: World) -> dict:
    return {"code": world.institution.code}


def _month(world: World) -> dict:
    return {"kind": world.institution.kind, "month": MONTH}


def _unpublished_month(world: World) -> dict:
    return {"kind": world.institution.kind, "month": UNPUBLISHED_MONTH}


def _public_cases(extra: dict) -> list[Case]:
    """A published month is anyone's; a month with data but not yet published is nobody's."""
    return [
        Case(lambda world: {**_month(world), **extra}, ANYONE, label="published"),
        Case(lambda world: {**_unpublished_month(world), **extra}, NOBODY, label="unpublished"),
    ]


TABLE: dict[str, list[Case]] = {
    "assessments:detail": _assessment_cases(),
    "assessments:fill": _assessment_cases(
        lambda world: {"number": 1},
        writes_draft=frozenset({MANAGER}),
        writes_submitted=frozenset({MANAGER}),
    ),
    "assessments:submit": _assessment_cases(
        sees_draft=frozenset({MANAGER}),
        writes_draft=frozenset({MANAGER}),
        sees_submitted=frozenset({MANAGER}),
        redirects_submitted={MANAGER: "assessments:results"},
    ),
    "assessments:results": _assessment_cases(),
    "assessments:chart": _assessment_cases(),
    "assessments:report": _assessment_cases(lambda world: {"fmt": "pdf"}),
    "assessments:offline_download": _assessment_cases(),
    "assessments:offline_upload": _assessment_cases(
        sees_draft=frozenset({MANAGER}), writes_draft=frozenset({MANAGER}), sees_submitted=NOBODY
    ),
    "assessments:review": _assessment_cases(
        lambda world: {"number": 1},
        sees_draft=NOBODY,
        sees_submitted=SUPERVISORS,
        writes_submitted=SUPERVISORS,
    ),
    "assessments:decide": _assessment_cases(
        sees_draft=NOBODY, sees_submitted=SUPERVISORS, writes_submitted=SUPERVISORS
    ),
    "assessments:action": _assessment_cases(
        lambda world: {"indicator": world.gap_indicator_pk},
        sees_draft=NOBODY,
        sees_submitted=frozenset({MANAGER}),
        writes_submitted=frozenset({MANAGER}),
    ),
    "assessments:evidence": [
        Case(_pk("draft_evidence"), SEES_DRAFT, label="draft"),
        Case(_pk("submitted_evidence"), SEES_SUBMITTED, label="submitted"),
    ],
    "assessments:history": [Case(_code, SEES_INSTITUTION)],
    "institutions:detail": [Case(_code, SEES_INSTITUTION)],
    "institutions:edit": [
        Case(
            _code,
            frozenset({MANAGER, ADMINISTRATOR, REGULATOR}),
            frozenset({MANAGER, ADMINISTRATOR, REGULATOR}),
        )
    ],
    "cohorts:detail": [Case(_pk("cohort"), SEES_COHORT)],
    "cohorts:edit": [
        Case(
            _pk("cohort"), frozenset({ADMINISTRATOR, TRAINER}), frozenset({ADMINISTRATOR, TRAINER})
        )
    ],
    "cohorts:chart": [Case(_pk("cohort"), SEES_COHORT)],
    "cohorts:report": [Case(lambda world: {"pk": world.cohort.pk, "fmt": "xlsx"}, SEES_COHORT)],
    "complaints:template": [Case(lambda world: {"name": "complaints"}, SEES_COMPLAINT_STAFF_PAGES)],
    "complaints:institution": [Case(_code, frozenset({MANAGER, ADMINISTRATOR, REGULATOR}))],
    "complaints:institution_chart": [Case(_code, frozenset({MANAGER, ADMINISTRATOR, REGULATOR}))],
    "complaints:month": [
        Case(_month, SEES_COMPLAINT_STAFF_PAGES, SEES_COMPLAINT_STAFF_PAGES),
    ],
    "complaints:month_complaints": [Case(_month, SEES_COMPLAINT_STAFF_PAGES)],
    "complaints:month_funnel": [Case(_month, SEES_COMPLAINT_STAFF_PAGES)],
    "supervision:quadrant_chart": [
        Case(lambda world: {"kind": world.institution.kind}, SEES_SUPERVISION)
    ],
    "supervision:download": [
        Case(
            lambda world, what=what, fmt=fmt: {
                "kind": world.institution.kind,
                "what": what,
                "fmt": fmt,
            },
            SEES_SUPERVISION,
            label=f"{what}.{fmt}",
        )
        for what in ("zone-map", "warnings")
        for fmt in ("csv", "xlsx")
    ],
    "public:month": _public_cases({}),
    "public:funnel": _public_cases({}),
    "public:download": _public_cases({"fmt": "csv"}),
    "public:report": _public_cases({"fmt": "pdf"}),
}


def _pattern_parameters(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return set(converters)
    regex = getattr(pattern, "regex", None)
    return set(regex.groupindex) if regex is not None else set()


def _walk(patterns, *, prefix="", namespace="", parameters=frozenset()):
    """(name, route, parameters, callback) of every pattern under ``patterns``, admin included."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        here = parameters | _pattern_parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix=route, namespace=inner, parameters=here)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name, route, frozenset(here), entry.callback


def _is_admin(name: str | None, route: str) -> bool:
    return route.startswith("admin/") and (name is None or name.startswith("admin:"))


def parameterised_patterns() -> dict[str, tuple[str, frozenset]]:
    """Every non-admin URL pattern with path parameters: name (or route, if unnamed) ->
    (route, parameter names)."""
    found = {}
    for name, route, parameters, _callback in _walk(get_resolver().url_patterns):
        if parameters and not _is_admin(name, route):
            found[name or f"<unnamed> {route}"] = (route, parameters)
    return found


def test_every_parameterised_url_is_in_the_sweep():
    found = parameterised_patterns()
    missing = sorted(set(found) - set(TABLE))
    stale = sorted(set(TABLE) - set(found))
    assert not missing, (
        "URL patterns with parameters that the access sweep does not cover: "
        f"{[(name, found[name][0]) for name in missing]}; add them to TABLE."
    )
    assert not stale, f"TABLE names URLs that no longer exist: {stale}"


def test_the_table_fills_in_exactly_the_parameters_of_each_pattern():
    found = parameterised_patterns()
    world = World(
        institution=SimpleNamespace(code="x", kind="bank"),
        draft=SimpleNamespace(pk=1),
        submitted=SimpleNamespace(pk=2),
        draft_evidence=SimpleNamespace(pk=3),
        submitted_evidence=SimpleNamespace(pk=4),
        gap_indicator_pk=5,
        cohort=SimpleNamespace(pk=6),
    )
    for name, cases in TABLE.items():
        for case in cases:
            kwargs = case.kwargs(world)
            assert set(kwargs) == found[name][1], (name, case.label)
            assert case.writes <= case.sees, (name, case.label)
            assert set(case.redirects) <= case.sees, (name, case.label)
            for target in case.redirects.values():
                reverse(target, kwargs=kwargs)


SWEEP = [
    pytest.param(name, case, id=f"{name}[{case.label}]" if case.label else name)
    for name, cases in TABLE.items()
    for case in cases
]


# The world --------------------------------------------------------------------------------


@pytest.fixture
def outside_manager() -> User:
    outside = InstitutionFactory(code="outside-test", name_az="Kənar Test BOKT")
    return UserFactory(username="mgr3", manager=True, institution=outside)


@pytest.fixture
def outside_trainer() -> User:
    return UserFactory(username="trn2", trainer=True)


@pytest.fixture
def principals(
    manager, other_manager, outside_manager, regulator, trainer, outside_trainer, administrator
) -> dict[str, User | None]:
    return {
        ANONYMOUS: None,
        MANAGER: manager,
        OTHER_MANAGER: other_manager,
        OUTSIDE_MANAGER: outside_manager,
        REGULATOR: regulator,
        TRAINER: trainer,
        OUTSIDE_TRAINER: outside_trainer,
        ADMINISTRATOR: administrator,
    }


def _evidence(assessment: Assessment, by: User, name: str) -> Evidence:
    evidence_change(
        assessment=assessment,
        indicator=indicators_of(assessment)[0],
        uploads=[SimpleUploadedFile(name, b"%PDF-1.4 confidential")],
        remove_ids=[],
        by=by,
    )
    return Evidence.objects.filter(answer__assessment=assessment).latest("pk")


@pytest.fixture
def world(
    settings,
    tmp_path,
    institution,
    other_institution,
    manager,
    principals,
    trainer,
    regulator,
    small_questionnaire,
    assessment,
) -> World:
    """Institution A with a draft and a submitted assessment (each with an evidence file), an
    action item, a cohort of A and B, and a published month of complaint data."""
    settings.MEDIA_ROOT = tmp_path
    draft_evidence = _evidence(assessment, manager, "Draft evidence.pdf")

    submitted = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    answer_all(submitted, manager, response=Response.PARTIAL)
    submitted_evidence = _evidence(submitted, manager, "Submitted evidence.pdf")
    assessment_submit(assessment=submitted, by=manager)
    gap = indicators_of(submitted)[0]
    action_item_save(
        item=ActionItem(
            assessment=submitted,
            indicator=gap,
            what="Kredit siyasətini yeniləmək",
            responsible="İdarə heyəti",
            due_on=datetime.date(2026, 12, 31),
        ),
        by=manager,
    )

    cohort = Cohort.objects.create(name="Süpürmə qrupu", created_by=trainer)
    cohort.institutions.set([institution, other_institution])
    cohort.trainers.add(trainer)

    complaints_import(source=io.BytesIO(COMPLAINTS_CSV.encode()), filename="complaints.csv")
    client_counts_import(source=io.BytesIO(COUNTS_CSV.encode()), filename="counts.csv")
    publication_publish(
        month=datetime.date(2026, 10, 1),
        kind=institution.kind,
        period_type=PeriodType.MONTH,
        zone_rule=ZoneRule.objects.get(is_default=True),
        by=regulator,
    )
    return World(
        institution=institution,
        draft=assessment,
        submitted=submitted,
        draft_evidence=draft_evidence,
        submitted_evidence=submitted_evidence,
        gap_indicator_pk=gap.pk,
        cohort=cohort,
    )


# Judging the answers ----------------------------------------------------------------------


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _redirect_path(response) -> str | None:
    if response.status_code not in (301, 302, 303, 307, 308):
        return None
    return urlsplit(response["Location"]).path


def _refused(response) -> bool:
    return response.status_code in (403, 404) or _redirect_path(response) == reverse("login")


def _describe(response) -> str:
    location = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{location} ({response.get('Content-Type', '')})"


def _database_state() -> dict:
    """Every row of the portal's own tables (audit history included): a write shows up here."""
    state = {}
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR:
            continue  # Django's own apps and the libraries': sessions, axes' logs, …
        for model in config.get_models(include_auto_created=True):
            rows = model.objects.order_by("pk").values()
            state[model._meta.label] = [
                {k: v for k, v in row.items() if k != "last_login"} for row in rows
            ]
    return state


def _request(client: Client, method: str, url: str):
    try:
        return getattr(client, method)(url), None
    except Exception as error:  # noqa: BLE001 - a crash is a finding, reported with the rest
        return None, f"raised {type(error).__name__}: {error}"


@pytest.mark.parametrize(("name", "case"), SWEEP)
def test_access_sweep(name, case, world, principals, subtests):
    kwargs = case.kwargs(world)
    url = reverse(name, kwargs=kwargs)
    for principal in PRINCIPALS:
        client = _client(principals[principal])
        redirect = case.redirects.get(principal)
        expected_redirect = reverse(redirect, kwargs=kwargs) if redirect else None

        with subtests.test(msg=f"GET {url} as {principal}"):
            response, crash = _request(client, "get", url)
            assert crash is None, crash
            if principal not in case.sees:
                assert _refused(response), (
                    f"GET {url} as {principal}: expected a refusal, got {_describe(response)}"
                )
            elif expected_redirect:
                assert _redirect_path(response) == expected_redirect, _describe(response)
            else:
                assert response.status_code == 200, (
                    f"GET {url} as {principal} (entitled): {_describe(response)}"
                )

        if principal in case.writes or (principal in case.sees and not case.writes):
            # Entitled to act, or a read-only page they may read: an empty POST proves nothing.
            continue
        with subtests.test(msg=f"POST {url} as {principal}"):
            before = _database_state()
            response, crash = _request(client, "post", url)
            assert crash is None, crash
            assert _database_state() == before, f"POST {url} as {principal} changed the database"
            if expected_redirect:
                assert _redirect_path(response) == expected_redirect, _describe(response)
            else:
                assert _refused(response), (
                    f"POST {url} as {principal}: expected a refusal, got {_describe(response)}"
                )


def test_staff_pages_without_parameters(world, principals, subtests):
    for name, sees in STAFF_PAGES.items():
        url = reverse(name)
        for principal in PRINCIPALS:
            with subtests.test(msg=f"GET {url} as {principal}"):
                response = _client(principals[principal]).get(url)
                if principal in sees:
                    assert response.status_code == 200, _describe(response)
                else:
                    assert _refused(response), f"GET {url} as {principal}: {_describe(response)}"


# The admin and the uploaded files ---------------------------------------------------------


def test_the_admin_is_for_administrators_only(world, principals, subtests):
    admin_login = reverse("admin:login")
    urls = [
        reverse("admin:index"),
        reverse("admin:assessments_assessment_change", args=[world.draft.pk]),
        reverse("admin:accounts_user_changelist"),
    ]
    for principal in PRINCIPALS:
        client = _client(principals[principal])
        for url in urls:
            with subtests.test(msg=f"GET {url} as {principal}"):
                response = client.get(url)
                if principal == ADMINISTRATOR:
                    assert response.status_code == 200, _describe(response)
                else:
                    assert response.status_code in (403, 404) or _redirect_path(response) in (
                        admin_login,
                        reverse("login"),
                    ), f"GET {url} as {principal}: {_describe(response)}"


def test_evidence_is_stored_under_a_generated_name(world):
    for evidence, original in (
        (world.draft_evidence, "Draft evidence.pdf"),
        (world.submitted_evidence, "Submitted evidence.pdf"),
    ):
        assert evidence.original_name == original
        assert re.fullmatch(r"evidence/[0-9a-f]{32}\.pdf", evidence.file.name), evidence.file.name
        assert (Path(settings.MEDIA_ROOT) / evidence.file.name).is_file()


def test_no_url_serves_media_files_only_the_checked_evidence_view_does(world, principals):
    served = [
        route
        for _name, route, _parameters, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "__wrapped__", callback) is serve or callback is serve
    ]
    assert not served, f"URL patterns serving files straight from disk: {served}"

    stored = world.submitted_evidence.file.name
    content = (Path(settings.MEDIA_ROOT) / stored).read_bytes()
    prefixes = {"/media/", "/" + settings.STATIC_URL.strip("/") + "/", "/"}
    if settings.MEDIA_URL:
        prefixes.add("/" + settings.MEDIA_URL.strip("/") + "/")
    administrator = _client(principals[ADMINISTRATOR])
    for prefix in sorted(prefixes):
        path = (prefix + stored).replace("//", "/")
        with pytest.raises(Resolver404):
            resolve(path)
        for client in (administrator, Client()):
            response = client.get(path)
            assert response.status_code != 200, path
            body = b"".join(response) if response.streaming else response.content
            assert content not in body, path

    # The one way to the file: the evidence view, for whoever may see the assessment.
    url = reverse("assessments:evidence", kwargs={"pk": world.submitted_evidence.pk})
    response = administrator.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "Submitted evidence.pdf" in response["Content-Disposition"]


def test_a_cohort_member_sees_the_others_results_but_not_their_names(world, principals):
    """B is in A's cohort, so B may open it (the table says so); A must not be named there
    (whether A's row shows under a letter or is withheld is the cohort report's business)."""
    from tests.assessments.test_reports import pdf_text

    a = world.institution
    markers = [a.code, a.name_az, a.name_en, a.name_ru]
    client = _client(principals[OTHER_MANAGER])
    page = client.get(reverse("cohorts:detail", kwargs={"pk": world.cohort.pk}))
    assert page.status_code == 200
    texts = {"page": page.content.decode()}
    for fmt in ("pdf", "xlsx"):
        report = client.get(reverse("cohorts:report", kwargs={"pk": world.cohort.pk, "fmt": fmt}))
        assert report.status_code == 200, fmt
        if fmt == "pdf":
            texts[fmt] = pdf_text(report.content)
        else:
            book = openpyxl.load_workbook(io.BytesIO(report.content))
            texts[fmt] = " ".join(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            )
    for where, text in texts.items():
        leaked = [marker for marker in markers if marker and marker in text]
        assert not leaked, f"the cohort {where} names institution A to B's manager: {leaked}"
