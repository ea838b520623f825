"""How much a request may send: a limit per kind of upload, enforced while the body streams.

``UPLOAD_LIMITS`` (settings) names, per page (URL name), the most bytes of files one request
may send; any other page takes ``UPLOAD_LIMIT_DEFAULT``. The other form fields stay within
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so a body larger than the two together cannot be
one a browser sent from the page: ``smartportal.middleware.UploadLimitMiddleware`` refuses it
before reading a byte, and ``UploadLimitHandler`` stops one that grows past the limit anyway.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve


class UploadTooLarge(MultiPartParserError):
    """More was sent than the page takes; where nobody catches it Django answers 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The upload is larger than this page's limit of {limit} bytes.")
        self.limit = limit


def upload_limit(request: HttpRequest) -> int:
    """The most bytes of files one request to this page may send."""
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return settings.UPLOAD_LIMIT_DEFAULT
    return settings.UPLOAD_LIMITS.get(match.view_name, settings.UPLOAD_LIMIT_DEFAULT)


def body_limit(request: HttpRequest) -> int | None:
    """The largest body the page's form can send (files and fields); None when unbounded."""
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is None:
        return None
    return upload_limit(request) + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client announced it (Django reads no further)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class UploadLimitHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: counts the files' bytes as they arrive and stops the
    upload at the page's limit, so the handlers after it (memory, temporary file) never hold
    more than the limit."""

    limit = 0
    received = 0
    refused = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.limit = upload_limit(self.request)
        longest = body_limit(self.request)
        if longest is not None and content_length > longest:
            raise UploadTooLarge(self.limit)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            # Django then closes, and so deletes, the files begun, and reads no further.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def upload_complete(self) -> None:
        if self.refused:
            raise UploadTooLarge(self.limit)
