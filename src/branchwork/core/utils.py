"""Small helpers shared by every app's views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page:
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on fields, others on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def errors_to_messages(request: HttpRequest, form: Form) -> None:
    """A form posted from a page that then redirects: its errors become flash messages,
    each led by its field's label (non-field errors stand alone)."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else str(error))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


from branchwork.core.dates import YEAR_MAX as MAX_YEAR  # noqa: E402
from branchwork.core.dates import YEAR_MIN as MIN_YEAR  # noqa: E402


def parse_year(raw: str | None, default: int) -> int:
    """A year from a query value, 2000-2100; anything else is a 404 (a bad address)."""
    from django.http import Http404

    try:
        year = int(raw) if raw else default
    except ValueError:
        raise Http404 from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def parse_month(raw: str | None, default: Any) -> Any:
    """The first day of a YYYY-MM query value within 2000-2100, or a 404."""
    import datetime as dt

    from django.http import Http404

    if not raw:
        return default.replace(day=1)
    try:
        month = dt.date.fromisoformat(raw + "-01")
    except ValueError:
        raise Http404 from None
    if not MIN_YEAR <= month.year <= MAX_YEAR:
        raise Http404
    return month


def validation_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """A service's ValidationError on a page that redirects: each of its messages becomes a
    flash error (services write whole sentences, so no field name is added)."""
    from django.contrib import messages

    for text in exc.messages:
        messages.error(request, text)
