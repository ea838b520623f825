"""A request id on every log record written while a request is handled, and in its response.

The id comes from the proxy in front (its X-Request-ID, when that is a short safe token) or is
made here, so one id ties the proxy's log, the portal's lines and an error report together.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

import sentry_sdk
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# Letters, digits and . _ - only, 64 at most: nothing that could forge or break a log line.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

current_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_for(incoming: str | None) -> str:
    """The incoming id if it is a short safe token, else a new random one."""
    if incoming and SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id, for the log records written meanwhile and the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(HEADER))
        request.request_id = request_id
        # Kept until the response is closed (forget_request_id): Django logs a 4xx or 5xx
        # response only after the last middleware has returned it.
        current_request_id.set(request_id)
        # A no-op unless SENTRY_DSN started Sentry: an error report names the request too.
        sentry_sdk.set_tag("request_id", request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="smartportal.request_id.forget_request_id")
def forget_request_id(**kwargs: object) -> None:
    current_request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to each record: the current request's, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
