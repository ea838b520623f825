"""The supervision dashboard (regulators and administrators): the zone map over the last 12
published months, the early warnings, self-assessments held against complaints, the review
queue; the quadrant chart and the downloads."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from complaints.views.arguments import kind_or_404
from complaints.zones import zone_labels
from institutions.models import Kind
from smartportal.downloads import chart_response
from smartportal.exports import XLSX_CONTENT_TYPE
from smartportal.figures import to_svg

from . import charts, exports
from .presentation import claim_rows, warning_rows
from .selectors import claims, kind_chosen, published_kinds, review_queue, zone_map

CONTENT_TYPES = {"csv": "text/csv", "xlsx": XLSX_CONTENT_TYPE}


def _require_supervisor(request: HttpRequest) -> None:
    if not request.user.has_perm("supervision.view_dashboard"):
        raise PermissionDenied


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    kinds = published_kinds()
    wanted = request.GET.get("kind")
    kind = kind_chosen(wanted=wanted, kinds=kinds)
    found = zone_map(kind=kind)
    submitted, returned = review_queue(today=datetime.date.today())
    return render(
        request,
        "supervision/dashboard.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            # Asked for a kind with no published table: say so rather than show another quietly.
            "unpublished_kind": Kind(wanted).label
            if wanted in Kind.values and wanted != kind
            else "",
            "kinds": [(value, Kind(value).label) for value in kinds],
            "zone_map": found,
            "warnings": warning_rows(found),
            "claims": claim_rows(claims(zone_map=found)),
            "submitted": submitted,
            "returned": returned,
        },
    )


@login_required
def quadrant_chart(request: HttpRequest, kind: str) -> HttpResponse:
    _require_supervisor(request)
    found = [
        c for c in claims(zone_map=zone_map(kind=kind_or_404(kind))) if c.handling_score is not None
    ]
    figure = charts.quadrant_figure(
        scores=[float(claim.handling_score) for claim in found],
        indices=[claim.latest.index for claim in found],
        zones=[claim.latest.zone for claim in found],
        labels=[claim.line.code for claim in found],
        zone_labels=zone_labels(),
        x_label=_("Complaint-handling score (%)"),
        y_label=_("Complaint index, latest published month"),
        empty_note=_("No institution to show yet"),
    )
    return chart_response(to_svg(figure))


@login_required
def download(request: HttpRequest, kind: str, what: str, fmt: str) -> HttpResponse:
    _require_supervisor(request)
    if what not in exports.WHAT or fmt not in exports.FORMATS:
        raise Http404
    found = zone_map(kind=kind_or_404(kind))
    response = HttpResponse(
        exports.export_bytes(zone_map=found, what=what, fmt=fmt), content_type=CONTENT_TYPES[fmt]
    )
    name = exports.file_name(zone_map=found, what=what, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
