from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from .uploads import UploadTooLarge, body_limit, declared_length, upload_limit


class LanguageMiddleware:
    """Azerbaijani for everyone until the user picks another language with the switcher.

    Unlike Django's LocaleMiddleware this does not follow the browser's Accept-Language:
    the portal's first language is Azerbaijani whatever the browser was installed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class UploadLimitMiddleware:
    """Answers 413, before a byte of it is read, a form body larger than its page can send,
    and turns a refusal of ``UploadLimitHandler`` while the body streams into the same page.

    Placed after LoginRequiredMiddleware, which answers an anonymous request to a login-only
    page without reading its body, and before CsrfViewMiddleware, the first to read it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        longest = body_limit(request)
        if longest is not None and declared_length(request) > longest:
            return upload_refused(request, limit=upload_limit(request))
        try:
            request.POST  # noqa: B018  (read here, where a refusal can still get its page)
        except UploadTooLarge as refused:
            return upload_refused(request, limit=refused.limit)
        return None


def upload_refused(request: HttpRequest, *, limit: int) -> HttpResponse:
    return render(request, "upload_too_large.html", {"limit": limit}, status=413)
