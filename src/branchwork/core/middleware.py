"""Requests refused before any view runs, with the status that says why (never a 500)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        code = {400: "bad_request", 413: "too_large"}.get(status, "error")
        body = {"error": {"status": status, "code": code, "message": message, "details": []}}
        return JsonResponse(body, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestLimitsMiddleware:
    """- A body larger than ``REQUEST_MAX_MB`` (by its Content-Length) is a 413.
    - A multipart body without a boundary is a 400 (Django's parser would fail inside the view).
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
