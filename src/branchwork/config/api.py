"""The API root: django-ninja at /api/, session or personal-token authentication, and one
JSON error shape for every failure:

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": [...]}}
"""

import datetime as dt
import logging
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from branchwork.accounts.api import router as accounts_router
from branchwork.accounts.services import token_authenticate
from branchwork.activities.api import router as activities_router
from branchwork.assistance.api import router as assistance_router
from branchwork.core.api import JsonObjectParser
from branchwork.core.api import router as core_router
from branchwork.core.audit import StaleEdit
from branchwork.development.api import router as development_router
from branchwork.dues.api import router as dues_router
from branchwork.honors.api import router as honors_router
from branchwork.maintenance.api import router as maintenance_router
from branchwork.meetings.api import router as meetings_router
from branchwork.members.api import router as members_router
from branchwork.organizations.api import router as organizations_router
from branchwork.publicity.api import router as publicity_router
from branchwork.regulations.api import router as regulations_router
from branchwork.roads.api import router as roads_router
from branchwork.standards.api import router as standards_router
from branchwork.study.api import router as study_router

log = logging.getLogger(__name__)


# Failed token attempts are counted by django-axes like failed sign-ins, under this name for
# every address (a wrong token names no user).
TOKEN_CREDENTIALS = {"username": "(api token)"}


def _locked_out(username: str) -> bool:
    """Is signing in paused for ``username`` from any address (LOGIN_FAILURE_LIMIT failures
    within LOGIN_COOLOFF_MINUTES)? Their tokens stop working for as long."""
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).exists()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bw_...` with a personal token from the profile page.

    Wrong tokens are throttled like failed sign-ins (per address: a 429 once the limit is
    reached), and a user whose sign-in is paused cannot use their tokens meanwhile."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        AxesProxyHandler.update_request(request)
        if AxesProxyHandler.is_locked(request, TOKEN_CREDENTIALS):
            raise HttpError(429, "Too many failed token attempts from this address; try later.")
        user = token_authenticate(token)
        if user is None:
            user_login_failed.send(sender=TokenAuth, credentials=TOKEN_CREDENTIALS, request=request)
            return None
        if _locked_out(user.get_username()):
            return None
        request.user = user
        return user


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "details"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}
ERROR_RESPONSES = {
    "400": "The request cannot be read.",
    "401": "Not signed in, or the token is not valid.",
    "403": "The caller's role does not allow this.",
    "404": "Not found, or outside the caller's organizations.",
    "409": "The record changed or the same thing was done at the same moment.",
    "413": "The request body is too large.",
    "422": "The input is not valid or breaks a rule.",
}


class BranchworkAPI(NinjaAPI):
    """NinjaAPI whose schema documents the error responses every operation can give, all in
    the one error shape."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        reference = {"$ref": "#/components/schemas/Error"}
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        return schema


api = BranchworkAPI(
    title="Branchwork API",
    version="1",
    description=(
        "Every list and object is limited to the organizations the caller holds a role on. "
        "Authenticate with the browser session or with `Authorization: Bearer <token>` "
        "(create tokens on your profile page)."
    ),
    auth=[TokenAuth(), django_auth],
    parser=JsonObjectParser(),
    urls_namespace="api",
    docs_url="/docs",
)

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def error_response(
    request: HttpRequest, status: int, message: str, details: list[Any] | None = None
) -> HttpResponse:
    body = {
        "error": {
            "status": status,
            "code": CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }
    return api.create_response(request, body, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error_response(request, 422, "The request is not valid.", details)


@api.exception_handler(StaleEdit)
def _stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    """A change sent from an older ``version`` than the stored one (issue 13): 409, with the
    current version in the details so a client can reload and try again."""
    details = [{"field": "version", "message": m} for m in exc.messages]
    if exc.current_version is not None:
        details.append({"field": "current_version", "message": str(exc.current_version)})
    return error_response(request, 409, "The record was changed by someone else.", details)


@api.exception_handler(DjangoValidationError)
def _rule_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        details = [
            {"field": field, "message": message}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    else:
        details = [{"field": "", "message": m} for m in exc.messages]
    return error_response(request, 422, "The request breaks a rule.", details)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "Sign in or send a valid API token.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "Your role does not allow this.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps what the body parser raises in a 400 "Cannot parse request body"; the
    # parser's own verdict (not an object, text that cannot be stored) is a 422 with details.
    if isinstance(exc.__cause__, NinjaValidationError):
        return _invalid_input(request, exc.__cause__)
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, "The request body is too large.")


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return error_response(request, 400, "The multipart body cannot be read.")


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(request, 400, "The request cannot be read.")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return error_response(request, 500, "Something went wrong on the server.")


api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/organizations", organizations_router)
api.add_router("/members", members_router)
api.add_router("/meetings", meetings_router)
api.add_router("/development", development_router)
api.add_router("/dues", dues_router)
api.add_router("/roads", roads_router)
api.add_router("/maintenance", maintenance_router)
api.add_router("/study", study_router)
api.add_router("/regulations", regulations_router)
api.add_router("/activities", activities_router)
api.add_router("/honors", honors_router)
api.add_router("/publicity", publicity_router)
api.add_router("/standards", standards_router)
api.add_router("/assistance", assistance_router)
