"""Error reports to Sentry or a compatible service, without personal data (production settings)."""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Breadcrumb, BreadcrumbHint


def breadcrumb_without_values(crumb: Breadcrumb, hint: BreadcrumbHint) -> Breadcrumb:
    """An SQL breadcrumb keeps its statement, not its parameters (session keys, names, counts)."""
    crumb.get("data", {}).pop("params", None)
    return crumb


def error_reports_start(
    *, dsn: str, environment: str, release: str | None, traces_sample_rate: float
) -> None:
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release,
        # No cookies, users, addresses, request bodies or local variables leave the server.
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_breadcrumb=breadcrumb_without_values,
        traces_sample_rate=traces_sample_rate,
    )
