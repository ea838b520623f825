"""Each request has an id, in its X-Request-ID header and on every log line written for it."""

import io
import logging
import re
from collections.abc import Iterator

import pytest

from smartportal.request_id import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the portal's console log handler writes, as text."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    lines = io.StringIO()
    previous = handler.setStream(lines)
    try:
        yield lines
    finally:
        handler.setStream(previous)


def test_each_request_gets_its_own_id_in_the_response(client):
    first = client.get("/healthz")[HEADER]
    second = client.get("/healthz")[HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_a_log_line_written_during_a_request_names_its_id(client, console):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    request_id = response[HEADER]
    (line,) = [line for line in console.getvalue().splitlines() if "/no-such-page/" in line]
    assert f"WARNING [{request_id}] django.request: Not Found: /no-such-page/" in line


def test_a_log_line_outside_any_request_says_so(console):
    logging.getLogger("smartportal").warning("between requests")
    assert "WARNING [-] smartportal: between requests" in console.getvalue()


def test_the_proxys_request_id_is_kept_when_it_is_a_short_safe_token(client, console):
    response = client.get("/no-such-page/", headers={HEADER: "nginx-4f2c.9a_01"})
    assert response[HEADER] == "nginx-4f2c.9a_01"
    assert "[nginx-4f2c.9a_01] django.request" in console.getvalue()


@pytest.mark.parametrize(
    "incoming",
    ["", "x" * 65, "forged]\nERROR [admin", "id with spaces", "ünicode", "a;b", "<script>"],
)
def test_any_other_incoming_id_is_replaced_by_a_new_one(client, console, incoming):
    response = client.get("/no-such-page/", headers={HEADER: incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response[HEADER])
    assert f"[{response[HEADER]}] django.request" in console.getvalue()
    if incoming:
        assert incoming not in console.getvalue()
