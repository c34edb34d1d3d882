"""Requests refused before any view runs, with the status that says why (never a 500)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _


def _refuse(
    request: HttpRequest, status: int, message: str, details: list[dict[str, str]] | None = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        code = {400: "bad_request", 413: "too_large", 422: "invalid"}.get(status, "error")
        body = {
            "error": {"status": status, "code": code, "message": message, "details": details or []}
        }
        return JsonResponse(body, status=status)
    text = "\n".join([message, *(f"{d['field']}: {d['message']}" for d in details or [])])
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_in_parameters(request: HttpRequest, message: str) -> list[dict[str, str]]:
    """The query parameters and form fields (not uploaded files) whose name or value holds a
    NUL character. No stored text holds one, and PostgreSQL refuses it in any query ("text
    fields cannot contain NUL"), so a filter, a search or a choice carrying one would end in a
    server error. JSON bodies are checked by the API's parser (``core.api.JsonObjectParser``).
    Reading the form here parses the body: Django's own limits on it (size, number of fields)
    raise as they would in the view."""
    places = [("query", request.GET)]
    content_type = request.META.get("CONTENT_TYPE", "").lower()
    api = request.path.startswith("/api/")
    if request.method == "POST" and content_type.startswith(FORM_TYPES) and not api:
        # Pages only: the API reads its form fields in its parser (core.api), which checks
        # them; parsing the body here would keep an API view from reading it as JSON.
        places.append(("form", request.POST))
    return [
        {"field": f"{place}.{key.replace(chr(0), '')}", "message": message}
        for place, data in places
        for key, values in data.lists()
        if "\x00" in key or any("\x00" in value for value in values)
    ]


class RequestLimitsMiddleware:
    """- A body larger than ``REQUEST_MAX_MB`` (by its Content-Length) is a 413.
    - A multipart body without a boundary is a 400 (Django's parser would fail inside the view).
    - A NUL character in the address (path or query), or in a page's form field, is refused: a
      422 naming the parameter in the API (as for NUL in a JSON body or an API form field,
      which ``core.api.JsonObjectParser`` checks), a 400 on pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("The Content-Length header is not a number."))
        limit = settings.REQUEST_MAX_MB * 1024 * 1024
        if length > limit:
            return _refuse(
                request,
                413,
                _("The request is larger than %(mb)s MB.") % {"mb": settings.REQUEST_MAX_MB},
            )
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.lower().startswith("multipart/") and "boundary=" not in content_type:
            return _refuse(request, 400, _("A multipart request must name its boundary."))
        if "\x00" in request.path:
            return _refuse(request, 400, _("The address may not contain NUL characters."))
        api = request.path.startswith("/api/")
        # The API's input errors are worded in English only (config.api); pages translate.
        nul = "Text may not contain NUL characters."
        try:
            bad = _nul_in_parameters(
                request, nul if api else _("Text may not contain NUL characters.")
            )
        except RequestDataTooBig:
            return _refuse(request, 413, _("The form data is too large."))
        except (TooManyFieldsSent, TooManyFilesSent):
            return _refuse(request, 400, _("The form has too many fields or files."))
        except MultiPartParserError as exc:
            return _refuse(request, 400, _("The form data could not be read: %s") % exc)
        if bad:
            if api:
                return _refuse(request, 422, "The request is not valid.", bad)
            return _refuse(request, 400, _("The request is not valid."), bad)
        return self.get_response(request)


class StaleEditMiddleware:
    """The net under every page that saves a ``core.models.Versioned`` record: a
    ``core.audit.StaleEdit`` no view turned into a form error (a status change, a transfer, a
    second click on "next step") becomes the message "Changed by … — reload to see their
    change" and a redirect to the page it was posted from, never a server error. Edit forms
    catch it themselves and keep what the user typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.http import url_has_allowed_host_and_scheme

        from branchwork.core.audit import StaleEdit

        if not isinstance(exception, StaleEdit) or request.path.startswith("/api/"):
            return None
        for message in exception.messages:
            messages.error(request, message)
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if back and safe:
            return redirect(back)
        # Without the page it came from: a form's address may take POST only, so go home.
        return redirect(request.path if request.method == "GET" else "/")
