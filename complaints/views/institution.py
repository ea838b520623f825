"""One institution's complaint index over the published months, and its complaints by
category and channel: for regulators and the institution's own managers."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from institutions.models import Institution
from smartportal.downloads import chart_response

from .. import charts
from ..selectors import add_months, complaint_breakdown, institution_index_history
from ..zones import zone_labels


def _institution_for(request: HttpRequest, code: str) -> Institution:
    institution = get_object_or_404(Institution, code=code)
    if not request.user.has_perm("complaints.view_institution_complaints", institution):
        raise PermissionDenied
    return institution


@login_required
def institution_complaints(request: HttpRequest, code: str) -> HttpResponse:
    institution = _institution_for(request, code)
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
            "significance_months": ", ".join(
                f"{month:%Y-%m}"
                for month in charts.index_history_series(points).significance_months
            ),
            "by_category": by_category,
            "by_channel": by_channel,
            "chart_url": reverse("complaints:institution_chart", kwargs={"code": code})
            if points
            else "",
        },
    )


@login_required
def institution_chart(request: HttpRequest, code: str) -> HttpResponse:
    institution = _institution_for(request, code)
    points = institution_index_history(institution=institution)
    if not points:
        raise Http404
    svg = charts.index_history_svg(
        series=charts.index_history_series(points),
        texts=charts.HistoryTexts(
            axis=_("Complaint index"),
            no_band=_("Significance rule: no band"),
            zones=zone_labels(),
        ),
    )
    return chart_response(svg)
