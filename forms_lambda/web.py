"""HTTP helpers: reading bodies, choosing the language, answering errors, links, client address,
rate limits and idempotency. Knows Flask, not SQLite or DynamoDB (it talks to the Store API).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Flask, Response, current_app, request, url_for

from forms_lambda.backend import Backend
from forms_lambda.domain.messages import LANGS, MESSAGES, bilingual, text
from forms_lambda.domain.records import IdempotencyRecord, StaffMember

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
IDEMPOTENCY_TTL = 24 * 3600
REPLAYED_HEADERS = ("Content-Type", "Location", "Cache-Control")


class HttpError(Exception):
    """An answer other than success: status, error code, extra JSON and headers."""

    def __init__(
        self,
        status: int,
        code: str,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


def backend() -> Backend:
    return current_app.extensions["forms_backend"]


def json_response(
    payload: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def error_response(
    status: int,
    code: str,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    payload = {"error": code, "message": bilingual(code) if code in MESSAGES else code}
    payload.update(extra or {})
    return json_response(payload, status, headers)


# --- request body -----------------------------------------------------------------------------
def is_form_post() -> bool:
    return request.mimetype in FORM_TYPES


def read_body(*, optional: bool = False) -> dict[str, Any]:
    """The body as a flat mapping; 400 malformed, 415 other types, {} when optional and empty."""
    if request.mimetype == "application/json":
        raw = request.get_data(cache=True)
        if not raw and optional:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise HttpError(400, "malformed") from None
        if not isinstance(data, dict):
            raise HttpError(400, "malformed")
        return data
    if request.mimetype in FORM_TYPES:
        form = request.form
        return {key: form.get(key) for key in form}
    if optional and not request.get_data(cache=True):
        return {}
    raise HttpError(415, "unsupported_media_type")


def choose_lang(data: Mapping[str, Any] | None = None) -> str:
    value = (data or {}).get("lang")
    if value in LANGS:
        return str(value)
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return str(cookie)
    best = request.accept_languages.best_match(["zh-TW", "zh", "en"], default="zh-TW")
    return "en" if best == "en" else "zh-TW"


def field_errors(fields: Mapping[str, str], lang: str) -> dict[str, str]:
    return {name: text(code, lang) for name, code in fields.items()}


# --- links ------------------------------------------------------------------------------------
def result_page(name: str, lang: str, params: Mapping[str, str]) -> str:
    """Site page for a no-JavaScript form result; relative unless FORMS_SITE_URL is set."""
    settings = backend().settings
    path = settings.result_pages[name]["en" if lang == "en" else "zh-TW"]
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{settings.site_url}{path}" + (f"?{query}" if query else "")


class RequestLinks:
    """Absolute links for e-mails, built from FORMS_SITE_URL or, when it is empty (local use),
    the request's Host header. Set FORMS_SITE_URL in production, or anyone could send a
    confirmation e-mail whose links point at a host of their choosing."""

    def __init__(self) -> None:
        settings = backend().settings
        # scheme://host as sent (an IDN host stays in its ASCII form, as e-mail links should);
        # request.host_url gives the same through a URL parse and IRI decoding.
        self.base = settings.site_url or f"{request.scheme}://{request.host}"
        self.pages = settings.result_pages

    def _page(self, name: str, lang: str, params: Mapping[str, str] | None = None) -> str:
        query = urlencode({k: v for k, v in (params or {}).items() if v})
        path = self.pages[name]["en" if lang == "en" else "zh-TW"]
        return f"{self.base}{path}" + (f"?{query}" if query else "")

    def booking_cancel(self, reference: str, token: str, lang: str) -> str:
        return self._page("booking_cancel", lang, {"reference": reference, "token": token})

    def booking_find(self, lang: str) -> str:
        return self._page("booking_find", lang)

    def feedback_status(self, case_number: str, token: str, lang: str) -> str:
        return self._page("feedback_status", lang, {"case_number": case_number, "token": token})

    def feedback_find(self, lang: str) -> str:
        return self._page("feedback_find", lang)

    def feedback_confirm(self, case_number: str, token: str) -> str:
        site = backend().settings.site_url
        if site:  # the API is on the site's origin (CloudFront /api/*): no Host header trusted
            return site + url_for("api.confirm_feedback", case_number=case_number, token=token)
        return url_for("api.confirm_feedback", case_number=case_number, token=token, _external=True)


# --- client address and rate limit ------------------------------------------------------------
def client_address() -> str:
    hops = backend().settings.trusted_proxies
    if hops:
        forwarded = [
            p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",") if p.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.remote_addr or "unknown"


def check_rate_limit(app_backend: Backend) -> None:
    limit = app_backend.settings.rate_limit
    if not limit:
        return
    now = int(app_backend.now().timestamp())
    window = now // 60
    client = app_backend.hasher.keyed("client", client_address())[:32]
    count = app_backend.store.hit_rate(f"{client}:{window}", (window + 2) * 60)
    if count > limit:
        retry = str(60 - now % 60)
        raise HttpError(429, "rate_limited", headers={"Retry-After": retry})


# --- staff authentication ---------------------------------------------------------------------
View = TypeVar("View", bound=Callable[..., Any])


def needs(permission: str) -> Callable[[View], View]:
    """Mark a staff view (console page or staff API) with the permission its caller must hold
    (domain/staff.py PERMISSIONS); a staff view without one is refused to everybody."""

    def mark(view: View) -> View:
        view.permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def permission_of(endpoint: str | None) -> str | None:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "permission", None)


def bearer_staff() -> StaffMember:
    """The active staff member whose API token the Authorization header carries, or 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    member = backend().staff.by_token(token.strip()) if scheme.lower() == "bearer" else None
    if member is None:
        raise HttpError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return member


# --- idempotency ------------------------------------------------------------------------------
def idempotency_key(data: Mapping[str, Any]) -> str | None:
    key = request.headers.get("Idempotency-Key") or data.get("idempotency_key")
    if key in (None, ""):
        return None
    if not isinstance(key, str) or len(key) > 200 or not key.isascii() or not key.isprintable():
        raise HttpError(400, "malformed")
    return key


def fingerprint(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.mimetype}|{canonical}".encode()).hexdigest()


class Idempotency:
    """Idempotency-Key: a retry gets the first success's answer and creates nothing new.

    The answer is stored in the same transaction as the booking or case it reports (see
    receipt), so there is no claim to take before the work nor to release after a refusal,
    and a crash leaves both or neither. A retry after the first try finished is answered from
    the stored receipt before any other work; one racing the first try meets the receipt
    inside the store's transaction (AlreadyDone) and is answered the same way.
    """

    def __init__(
        self, app_backend: Backend, scope: str, key: str | None, data: Mapping[str, Any]
    ) -> None:
        self.backend = app_backend
        self.key = f"{scope}:{hashlib.sha256(key.encode()).hexdigest()}" if key else None
        self.fingerprint = fingerprint(data) if key else ""  # only a key needs it

    def stored_answer(self) -> Response | None:
        """The first try's answer when this request repeats a finished one."""
        if self.key is None:
            return None
        now = int(self.backend.now().timestamp())
        stored = self.backend.store.get_receipt(self.key, now)
        return self.replay(stored) if stored is not None else None

    def receipt(self, response: Response) -> IdempotencyRecord | None:
        """The success answer to store with the record it reports; None without a key."""
        if self.key is None:
            return None
        now = int(self.backend.now().timestamp())
        return IdempotencyRecord(
            key=self.key,
            fingerprint=self.fingerprint,
            status=response.status_code,
            body=response.get_data(as_text=True),
            headers={k: v for k, v in response.headers.items() if k in REPLAYED_HEADERS},
            created_at=now,
            expires_at=now + IDEMPOTENCY_TTL,
        )

    def replay(self, stored: IdempotencyRecord) -> Response:
        if stored.fingerprint != self.fingerprint:
            raise HttpError(422, "idempotency_conflict")
        response = Response(stored.body, status=stored.status)
        for name, value in stored.headers.items():
            response.headers[name] = value
        response.headers["Idempotent-Replayed"] = "true"
        return response


def install_error_handlers(app: Flask) -> None:
    from werkzeug.exceptions import HTTPException

    from forms_lambda.domain.common import log

    names = {
        400: "malformed",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        415: "unsupported_media_type",
        429: "rate_limited",
    }

    @app.errorhandler(HttpError)
    def _http_error(error: HttpError) -> Response:
        return error_response(error.status, error.code, error.extra, error.headers)

    @app.errorhandler(HTTPException)
    def _werkzeug_error(error: HTTPException) -> Response:
        status = error.code or 500
        headers = {}
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return error_response(
            status, names.get(status, "malformed" if status < 500 else "internal"), headers=headers
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        # Type and endpoint only: the message could hold what the citizen typed.
        log.error("unexpected %s in %s", type(error).__name__, request.endpoint)
        return error_response(500, "internal")
