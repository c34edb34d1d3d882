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
