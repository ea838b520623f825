"""The published complaint index: no login, a permanent address per month, its downloads
and its zone reports."""

import json

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from institutions.models import Kind
from smartportal.downloads import chart_response
from smartportal.exports import CONTENT_TYPES, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from smartportal.i18n import requested_language

from .. import reports, texts
from ..funnel import funnel_summary, publication_funnel_svg
from ..index import Method
from ..models import PeriodType, Publication
from ..selectors import INDEX_COLUMNS, publication_rows
from ..zones import zone_counts, zone_rank
from .arguments import kind_or_404, month_or_404
from .links import linkable_institutions

SORTS = {
    "index": lambda row: -row["index"],
    "institution": lambda row: row["institution"].name.casefold(),
    "complaints": lambda row: -row["complaints"],
    "clients": lambda row: -row["clients"],
    "zone": lambda row: zone_rank(row["zone"]),
}
# The order a heading sorts in first: the largest index (the worst zone) first, names A to Z.
FIRST_ORDER = {
    "index": "desc",
    "institution": "asc",
    "complaints": "desc",
    "clients": "desc",
    "zone": "asc",
}


def _public_publication(request: HttpRequest, kind: str, month: str) -> Publication:
    """The revision asked for (``?revision=``), else the latest; of the period asked for."""
    publications = Publication.objects.all()
    revision = request.GET.get("revision")
    if revision and revision.isascii() and revision.isdigit():  # "²" is a digit too
        publications = publications.filter(revision=int(revision))
    publication = publications.latest_revision(
        month=month_or_404(month),
        kind=kind_or_404(kind),
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
    rows = publication_rows(publication=publication)
    sort = request.GET.get("sort", "index")
    sort = sort if sort in SORTS else "index"
    order = request.GET.get("order", FIRST_ORDER[sort])
    order = order if order in ("asc", "desc") else FIRST_ORDER[sort]
    rows.sort(key=SORTS[sort], reverse=order != FIRST_ORDER[sort])
    counts = zone_counts(row["zone"] for row in rows)
    period_query = (
        "" if publication.period_type == PeriodType.MONTH else f"&period={publication.period_type}"
    )
    month_code = f"{publication.month:%Y-%m}"
    funnel_url = reverse("public:funnel", kwargs={"kind": publication.kind, "month": month_code})
    return render(
        request,
        "complaints/public_month.html",
        {
            **_publication_texts(publication),
            "publication": publication,
            "month_code": month_code,
            "rows": rows,
            "sort": sort,
            "order": order,
            "headings": _sort_headings(request, sort, order),
            "significance": publication.method == Method.SIGNIFICANCE,
            "period_query": period_query,
            "linkable": linkable_institutions(request.user, rows),
            "funnel_url": f"{funnel_url}?revision={publication.revision}{period_query}",
            "funnel_summary": funnel_summary(
                rows=rows, not_listed=len(publication.not_listed_expected)
            ),
            "counts": counts,
            "counts_text": texts.zone_counts_text(counts),
            "report_language": translation.get_language(),
            "later_revisions": Publication.objects.filter(
                month=publication.month,
                kind=publication.kind,
                period_type=publication.period_type,
                revision__gt=publication.revision,
            ).exists(),
        },
    )


def _sort_headings(request: HttpRequest, sort: str, order: str) -> dict[str, dict[str, str]]:
    """Each sortable heading's link, keeping the period and revision asked for, and, for the
    column sorted by, its order: the link then sorts the other way."""
    headings = {}
    for key, first in FIRST_ORDER.items():
        query = QueryDict(mutable=True)
        query["sort"] = key
        for name, values in request.GET.lists():
            if name not in ("sort", "order"):
                query.setlist(name, values)
        query["order"] = ("asc" if order == "desc" else "desc") if key == sort else first
        headings[key] = {
            "href": f"?{query.urlencode()}",
            "aria_sort": ("ascending" if order == "asc" else "descending") if key == sort else "",
        }
    return headings


def _publication_texts(publication: Publication) -> dict[str, object]:
    """The texts every published table carries (complaints.texts)."""
    return {
        "title": texts.publication_title(publication),
        "revision_text": texts.revision_text(publication),
        "rule_text": texts.rule_text(publication),
        "not_listed_text": texts.not_listed_text(publication),
        "change_heading": texts.change_heading(publication),
        "period_type": publication.period_type,
        "methodology": texts.methodology(publication.kind),
    }


@login_not_required
def public_download(request: HttpRequest, kind: str, month: str, fmt: str) -> HttpResponse:
    publication = _public_publication(request, kind, month)
    month_code = f"{publication.month:%Y-%m}"
    records = [
        reports.index_record(row, month_code, zone=row["zone"], funnel=row["funnel"])
        for row in publication_rows(publication=publication)
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
    content = reports.zone_report(publication=publication, language=language, fmt=fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = reports.report_filename(publication=publication, language=language, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_not_required
def public_funnel(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """The funnel plot of a published table (the revision and period asked for)."""
    return chart_response(publication_funnel_svg(_public_publication(request, kind, month)))
