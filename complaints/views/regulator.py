"""The regulator's pages: uploads with their preview, the file templates, a month's table
(computed now, and published from there) and every complaint of a month."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from institutions.models import Institution, Kind
from smartportal.downloads import chart_response
from smartportal.tabular import ImportRejected

from ..forms import PublishForm, TableForm, UploadForm
from ..funnel import funnel_svg
from ..index import Method
from ..models import REASON_LABELS, PeriodType, ZoneRule
from ..month_table import month_table_context, month_table_rows
from ..publications import PeriodIncomplete, PublicationUnchanged, publication_publish
from ..selectors import complaints_received, months_with_data
from ..uploads import TEMPLATES, upload_claim, upload_import, upload_stash, upload_stashed
from .arguments import kind_or_404, month_or_404
from .links import linkable_institutions

SHOWN_ERRORS = 50


def _require_regulator(request: HttpRequest) -> None:
    if not request.user.has_perm("complaints.manage_complaints"):
        raise PermissionDenied


@login_required
def complaints_home(request: HttpRequest) -> HttpResponse:
    _require_regulator(request)
    kind = request.GET.get("kind", Kind.BANK)
    kind = kind if kind in Kind.values else Kind.BANK
    return render(
        request,
        "complaints/home.html",
        {
            "kind": kind,
            "kinds": Kind.choices,
            "months": months_with_data(kind=kind),
            "institutions": [
                institution
                for institution in Institution.objects.filter(kind=kind)
                if request.user.has_perm("complaints.view_institution_complaints", institution)
            ],
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
    """Import the file previewed under the posted token, once."""
    what = request.POST.get("what")
    token = request.POST.get("token", "")
    # The kind of file is the one that was previewed, whatever the form now says.
    if what not in TEMPLATES or not token.startswith(f"{what}-"):
        raise Http404
    path = upload_claim(token=token)
    if path is None:
        messages.warning(
            request,
            _(
                "This preview is no longer waiting: it was already imported (or is being "
                "imported now), or it expired after a day."
            ),
        )
        return redirect("complaints:home")
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


@login_required
def month_table(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """The regulator's working view of a month: computed now, compared with what was published."""
    _require_regulator(request)
    kind, month_date = kind_or_404(kind), month_or_404(month)
    form, period, zone_rule = _table_choice(request, kind)
    publish_form = PublishForm(
        request.POST or None, initial={"rule": zone_rule.pk if zone_rule else None}
    )
    published = (
        request.method == "POST"
        and publish_form.is_valid()
        and _publish(request, month=month_date, kind=kind, period=period, form=publish_form)
    )
    if published:
        return redirect(
            reverse("complaints:month", kwargs={"kind": kind, "month": month}) + f"?period={period}"
        )
    context = month_table_context(
        month=month_date, kind=kind, period_type=period, zone_rule=zone_rule
    )
    context.update(
        month_code=month,
        form=form,
        publish_form=publish_form,
        report_language=translation.get_language(),
        funnel_query=request.GET.urlencode(),
        linkable=linkable_institutions(request.user, context["rows"]),
        significance=zone_rule.method == Method.SIGNIFICANCE,
    )
    return render(request, "complaints/month.html", context)


def _table_choice(request: HttpRequest, kind: str) -> tuple[TableForm, str, ZoneRule]:
    """The period and zone rule the query asks for (else a calendar month and the default)."""
    period = request.GET.get("period", PeriodType.MONTH)
    period = period if period in PeriodType.values else PeriodType.MONTH
    # The kind is the page's and the period the one computed, whatever the query lacks: the
    # rule asked for then counts, and the menu shows what is computed.
    form = TableForm(
        {**request.GET.dict(), "kind": kind, "period": period} if request.GET else None
    )
    zone_rule = form.cleaned_data["rule"] if form.is_valid() else None
    # Without a default rule (an administrator may unset it), the first there is.
    zone_rule = (
        zone_rule
        or ZoneRule.objects.filter(is_default=True).first()
        or ZoneRule.objects.order_by("pk").first()
    )
    if zone_rule is None:
        raise Http404(_("No zone rule: an administrator needs to add one."))
    return form, period, zone_rule


@login_required
def month_funnel(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """The funnel plot of the month's table as computed now, for the period and rule asked."""
    _require_regulator(request)
    kind, month_date = kind_or_404(kind), month_or_404(month)
    _form, period, zone_rule = _table_choice(request, kind)
    table = month_table_rows(month=month_date, kind=kind, period_type=period, zone_rule=zone_rule)
    return chart_response(
        funnel_svg(rows=table["rows"], not_listed_expected=table["table"].not_listed_expected)
    )


def _publish(
    request: HttpRequest, *, month: datetime.date, kind: str, period: str, form: PublishForm
) -> bool:
    """Publish the month as the form says, and tell the user how it went."""
    try:
        publication = publication_publish(
            month=month,
            kind=kind,
            period_type=period,
            zone_rule=form.cleaned_data["rule"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except PeriodIncomplete:
        messages.error(
            request,
            _("The 12 months cannot be published: client counts are missing.")
            if period == PeriodType.ROLLING_12
            else _("The month cannot be published: client counts are missing."),
        )
        return False
    except PublicationUnchanged as unchanged:
        messages.info(
            request,
            _("Nothing new was published: revision %(revision)s already is this table.")
            % {"revision": unchanged.latest.revision},
        )
        return True
    messages.success(
        request, _("Published as revision %(revision)s.") % {"revision": publication.revision}
    )
    return True


@login_required
def month_complaints(request: HttpRequest, kind: str, month: str) -> HttpResponse:
    """Every complaint of the month, with whether it counted and why not."""
    _require_regulator(request)
    kind, month_date = kind_or_404(kind), month_or_404(month)
    institution = request.GET.get("institution", "")
    reason = request.GET.get("reason", "")
    complaints = complaints_received(
        kind=kind, month=month_date, institution_code=institution, reason=reason
    )
    return render(
        request,
        "complaints/month_complaints.html",
        {
            "kind": kind,
            "month_code": month,
            "page_obj": Paginator(complaints, 100).get_page(request.GET.get("page")),
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
