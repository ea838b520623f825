import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from institutions.models import Institution, Kind
from smartportal.exports import CONTENT_TYPES, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from smartportal.i18n import requested_language
from smartportal.tabular import ImportRejected

from . import charts, index, reports, texts
from .forms import PublishForm, TableForm, UploadForm
from .models import REASON_LABELS, ClientCount, Complaint, PeriodType, Publication, ZoneRule
from .publications import PeriodIncomplete, publication_differs, publication_publish, rule_of
from .selectors import (
    INDEX_COLUMNS,
    add_months,
    complaint_breakdown,
    institution_index_history,
    period_counts,
)
from .uploads import TEMPLATES, upload_import, upload_stash, upload_stashed
from .zones import zone_counts, zone_rank

SHOWN_ERRORS = 50


def _require_regulator(request: HttpRequest) -> None:
    if not request.user.has_perm("complaints.manage_complaints"):
        raise PermissionDenied


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


def _kind(value: str) -> str:
    if value not in Kind.values:
        raise Http404
    return value


@login_required
def complaints_home(request: HttpRequest) -> HttpResponse:
    _require_regulator(request)
    kind = request.GET.get("kind", Kind.BANK)
    kind = kind if kind in Kind.values else Kind.BANK
    months = sorted(
        set(Complaint.objects.filter(institution__kind=kind).dates("received_on", "month"))
        | set(ClientCount.objects.filter(institution__kind=kind).dates("month", "month")),
        reverse=True,
    )
    published = {
        p.month: p
        for p in Publication.objects.filter(
            kind=kind, period_type=PeriodType.MONTH
        ).latest_revisions()
    }
    return render(
        request,
        "complaints/home.html",
        {
            "kind": kind,
            "kinds": Kind.choices,
            "months": [(month, published.get(month)) for month in months],
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_regulator(request)
    if request.method == "POST" and "confirm" in request.POST:
        return _upload_confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        what = form.cleaned_data["what"]
        token = upload_stash(upload=upload_file, what=what)
        path = upload_stashed(token=token)
        try:
            summary = upload_import(
                what=what, path=path, dry_run=True, by=request.user, original=upload_file.name
            )
        except ImportRejected as rejected:
            path.unlink(missing_ok=True)
            context.update(errors=rejected.errors[:SHOWN_ERRORS], error_count=rejected.total)
        else:
            context.update(summary=summary, token=token, what=what, original=upload_file.name)
    return render(request, "complaints/upload.html", context)


def _upload_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file previewed under the posted token."""
    what = request.POST.get("what")
    token = request.POST.get("token", "")
    # The kind of file is the one that was previewed, whatever the form now says.
    if what not in TEMPLATES or not token.startswith(f"{what}-"):
        raise Http404
    path = upload_stashed(token=token)
    if path is None:
        raise Http404
    original = request.POST.get("original", path.name)[:200]
    try:
        summary = upload_import(
            what=what, path=path, dry_run=False, by=request.user, original=original
        )
    except ImportRejected as rejected:
        context = {
            "form": UploadForm(),
            "errors": rejected.errors[:SHOWN_ERRORS],
            "error_count": rejected.total,
        }
        return render(request, "complaints/upload.html", context)
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, _("The file was imported: %(rows)s rows.") % {"rows": summary.rows})
    return redirect("complaints:home")


@login_required
def template_download(request: HttpRequest, name: str) -> HttpResponse:
    _require_regulator(request)
    if name not in TEMPLATES:
        raise Http404
    response = HttpResponse(TEMPLATES[name].encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}-template.csv"'
    return response


def _rows_for_display(table: index.IndexTable):
    institutions = Institution.objects.in_bulk([row.institution for row in table.rows])
    rows = []
    for row in table.rows:
        rows.append(
            {
                "institution": institutions[row.institution],
                "complaints": row.complaints,
                "complaint_share": row.complaint_share,
                "clients": row.clients,
                "client_share": row.client_share,
                "index": row.index,
                "zone": row.zone.value,
            }
        )
    return rows


@login_required
def month_table(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """The regulator's working view of a month: computed now, compared with what was published."""
    _require_regulator(request)
    kind, month_date = _kind(kind), _month(month)
    form = TableForm(request.GET or None, initial={"kind": kind})
    period = request.GET.get("period", PeriodType.MONTH)
    period = period if period in PeriodType.values else PeriodType.MONTH
    zone_rule = None
    if form.is_valid():
        zone_rule = form.cleaned_data["rule"]
    zone_rule = zone_rule or ZoneRule.objects.filter(is_default=True).first()
    counts = period_counts(month=month_date, kind=kind, period_type=period)
    table = index.complaint_index(counts.values(), rule_of(zone_rule))
    names = Institution.objects.in_bulk(table.missing_clients + table.not_listed)
    published = Publication.objects.latest_revision(month=month_date, kind=kind, period_type=period)
    differs = published is not None and publication_differs(publication=published, counts=counts)
    publish_form = PublishForm(
        request.POST or None, initial={"rule": zone_rule.pk if zone_rule else None}
    )
    if request.method == "POST" and publish_form.is_valid():
        try:
            publication = publication_publish(
                month=month_date,
                kind=kind,
                period_type=period,
                zone_rule=publish_form.cleaned_data["rule"],
                by=request.user,
                note=publish_form.cleaned_data["note"],
            )
        except PeriodIncomplete:
            messages.error(request, _("The month cannot be published: client counts are missing."))
        else:
            messages.success(
                request,
                _("Published as revision %(revision)s.") % {"revision": publication.revision},
            )
            return redirect(
                reverse("complaints:month", kwargs={"kind": kind, "month": month})
                + f"?period={period}"
            )
    return render(
        request,
        "complaints/month.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "month": month_date,
            "month_code": month,
            "period": period,
            "form": form,
            "publish_form": publish_form,
            "zone_rule": zone_rule,
            "table": table,
            "rows": _rows_for_display(table),
            "zone_counts": table.zone_counts(),
            "counts_text": texts.zone_counts_text(table.zone_counts()),
            "missing": [names[i] for i in table.missing_clients if i in names],
            "not_listed": len(table.not_listed),
            "published": published,
            "revisions": Publication.objects.filter(
                month=month_date, kind=kind, period_type=period
            ).select_related("published_by"),
            "report_language": translation.get_language(),
            "differs": differs,
            "previous_month": add_months(month_date, -1),
            "next_month": add_months(month_date, 1),
        },
    )


@login_required
def month_complaints(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """Every complaint of the month, with whether it counted and why not."""
    _require_regulator(request)
    kind, month_date = _kind(kind), _month(month)
    complaints = (
        Complaint.objects.filter(
            institution__kind=kind,
            received_on__gte=month_date,
            received_on__lt=add_months(month_date, 1),
        )
        .select_related("institution", "category", "repeat_of")
        .order_by("received_on", "id")
    )
    institution = request.GET.get("institution", "")
    reason = request.GET.get("reason", "")
    if institution:
        complaints = complaints.filter(institution__code=institution)
    if reason in REASON_LABELS:
        complaints = complaints.filter(reason=reason)
    page = Paginator(complaints, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/month_complaints.html",
        {
            "kind": kind,
            "month_code": month,
            "page_obj": page,
            "institutions": Institution.objects.filter(kind=kind).order_by("code"),
            "institution": institution,
            "reason": reason,
            "reasons": REASON_LABELS,
            "query": "&".join(
                f"{key}={value}"
                for key, value in (("institution", institution), ("reason", reason))
                if value
            ),
        },
    )


SORTS = {
    "index": lambda row: -row["index"],
    "institution": lambda row: row["institution"].name.casefold(),
    "complaints": lambda row: -row["complaints"],
    "clients": lambda row: -row["clients"],
    "zone": lambda row: zone_rank(row["zone"]),
}


def _public_publication(request: HttpRequest, kind: str, month: str) -> Publication:
    publications = Publication.objects.all()
    revision = request.GET.get("revision")
    if revision and revision.isdigit():
        publications = publications.filter(revision=int(revision))
    publication = publications.latest_revision(
        month=_month(month),
        kind=_kind(kind),
        period_type=request.GET.get("period", PeriodType.MONTH),
    )
    if publication is None:
        raise Http404
    return publication


@login_not_required
def public_index(request: HttpRequest) -> HttpResponse:
    publications = (
        Publication.objects.values("kind", "month", "period_type")
        .annotate(revisions=Count("id"))
        .order_by("-month", "kind", "period_type")
    )
    return render(
        request,
        "complaints/public_index.html",
        {
            "publications": [
                {
                    **p,
                    "kind_label": Kind(p["kind"]).label,
                    "period_label": PeriodType(p["period_type"]).label,
                }
                for p in publications
            ],
            "methodology": texts.methodology(),
        },
    )


@login_not_required
def public_month(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    publication = _public_publication(request, kind, month)
    rows = reports.publication_rows(publication=publication)
    sort = request.GET.get("sort", "index")
    rows.sort(key=SORTS.get(sort, SORTS["index"]))
    counts = zone_counts(row["zone"] for row in rows)
    return render(
        request,
        "complaints/public_month.html",
        {
            "publication": publication,
            "month_code": f"{publication.month:%Y-%m}",
            "rows": rows,
            "sort": sort,
            "period_query": ""
            if publication.period_type == PeriodType.MONTH
            else f"&period={publication.period_type}",
            "counts": counts,
            "counts_text": texts.zone_counts_text(counts),
            "title": texts.publication_title(publication),
            "revision_text": texts.revision_text(publication),
            "rule_text": texts.rule_text(publication),
            "not_listed_text": texts.not_listed_text(publication),
            "methodology": texts.methodology(publication.kind),
            "report_language": translation.get_language(),
            "later_revisions": Publication.objects.filter(
                month=publication.month,
                kind=publication.kind,
                period_type=publication.period_type,
                revision__gt=publication.revision,
            ).exists(),
        },
    )


@login_not_required
def public_download(request: HttpRequest, kind: str, month: str, fmt: str) -> HttpResponse:
    publication = _public_publication(request, kind, month)
    month_code = f"{publication.month:%Y-%m}"
    records = [
        reports.index_record(row, month_code, zone=row["zone"])
        for row in reports.publication_rows(publication=publication)
    ]
    name = f"complaint-index-{publication.kind}-{month_code}-r{publication.revision}"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(INDEX_COLUMNS, records), content_type="text/csv")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes({month_code: (INDEX_COLUMNS, records)}),
            content_type=XLSX_CONTENT_TYPE,
        )
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(
                [dict(zip(INDEX_COLUMNS, r, strict=True)) for r in records], ensure_ascii=False
            ),
            content_type="application/json",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_not_required
def public_report(request: HttpRequest, kind: str, month: str, fmt: str) -> HttpResponse:
    """The zone report of a published table, as PDF or Excel, in the language asked for."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    language = requested_language(request)
    publication = _public_publication(request, kind, month)
    # A publication never changes, so its report is made once per language and format. Only
    # a newer publication (a revision of the month before) can change a column: its id is in
    # the key.
    newest = Publication.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"zone-report:{publication.pk}:{newest}:{language}:{fmt}"
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            build = reports.zone_report_pdf if fmt == "pdf" else reports.zone_report_xlsx
            content = build(publication=publication)
        cache.set(key, content, timeout=None)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = reports.report_filename(publication=publication, language=language, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def institution_complaints(request: HttpRequest, code: str) -> HttpResponse:
    institution = get_object_or_404(Institution, code=code)
    if not request.user.has_perm("complaints.view_institution_complaints", institution):
        raise PermissionDenied
    points = institution_index_history(institution=institution)
    today = datetime.date.today().replace(day=1)
    by_category, by_channel = complaint_breakdown(
        institution_id=institution.pk, first=add_months(today, -11), after=add_months(today, 1)
    )
    return render(
        request,
        "complaints/institution.html",
        {
            "institution": institution,
            "points": points,
            "by_category": by_category,
            "by_channel": by_channel,
            "chart_url": reverse("complaints:institution_chart", kwargs={"code": code})
            if points
            else "",
        },
    )


@login_required
def institution_chart(request: HttpRequest, code: str) -> HttpResponse:
    institution = get_object_or_404(Institution, code=code)
    if not request.user.has_perm("complaints.view_institution_complaints", institution):
        raise PermissionDenied
    points = institution_index_history(institution=institution)
    if not points:
        raise Http404
    svg = charts.index_history_svg(
        labels=[f"{p['month']:%Y-%m}" for p in points],
        values=[p["rows__index"] for p in points],
        lower=float(points[-1]["lower"]),
        upper=float(points[-1]["upper"]),
        axis_label=_("Complaint index"),
    )
    return HttpResponse(svg, content_type="image/svg+xml")
