"""The 400 and 500 pages. Rendered without the request's context processors (which may need
the database, or be what failed), as Django's own handlers do; the 400 says when a form was
refused for its size."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

TOO_BIG = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    page = loader.get_template("400.html").render({"too_big": isinstance(exception, TOO_BIG)})
    return HttpResponseBadRequest(page)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    return HttpResponseServerError(loader.get_template("500.html").render())
