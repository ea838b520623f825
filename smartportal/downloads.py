"""The response that hands a generated report to the browser as a file to save."""

from django.http import HttpResponse

from .exports import CONTENT_TYPES


def report_attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    """A PDF or Excel report (``fmt``) named ``name.fmt``, kept out of shared caches."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def chart_response(svg: str) -> HttpResponse:
    """An SVG chart drawn for one user's page, kept out of shared caches."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
