"""The one error mapper: every 4xx/5xx body is {"error": {"code": "...", "message": "..."}}."""

from __future__ import annotations

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from copilot.errors import CopilotError

log = structlog.get_logger()

_CODES = {
    400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited",
    500: "internal_error", 503: "service_unavailable",
}


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def _validation_message(exc: ValidationException) -> str:
    extra = exc.extra if isinstance(exc.extra, list) else []
    parts = []
    for item in extra[:5]:
        if isinstance(item, dict):
            key = item.get("key") or ""
            msg = item.get("message") or ""
            parts.append(f"{key}: {msg}" if key else str(msg))
    detail = "; ".join(p for p in parts if p)
    return f"{exc.detail}: {detail}" if detail else str(exc.detail)


def handle_exception(request: Request, exc: Exception) -> Response:
    if isinstance(exc, CopilotError):
        status, code, message = exc.status, exc.code, exc.message
    elif isinstance(exc, ValidationException):
        status, code, message = 400, "invalid_request", _validation_message(exc)
        if "JSON" in message or "decode" in message.lower():
            code = "invalid_json"
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        code = _CODES.get(status, "http_error")
        message = str(exc.detail)
    else:
        status, code, message = 500, "internal_error", "internal error; see the service log"
        log.error("unhandled_exception", path=request.url.path, exc_info=exc)
    if status >= 500 and status != 503:
        log.error("server_error", path=request.url.path, code=code)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(content=error_body(code, message), status_code=status, media_type="application/json", headers=headers)
