"""`create_app(settings)`: the Litestar application of the copilot, per `shared/CONTRACT.md`."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import structlog
from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.handlers import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, Receive, Scope, Send

from copilot import __version__
from copilot.api import routes
from copilot.api.errors import error_body, handle_exception
from copilot.api.state import AppState
from copilot.config import Settings
from copilot.log import configure_logging

log = structlog.get_logger()
CONSOLE_DIR = Path(__file__).resolve().parent.parent / "console"


def provide_state(state: State) -> AppState:
    return state.copilot


def auth_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    keys = connection.app.state.copilot.settings.api_key_list
    if not keys:
        return
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token.strip() not in keys:
        raise NotAuthorizedException("missing or wrong bearer key: send 'Authorization: Bearer <key>'")


class RequestContextMiddleware:
    """Request id, content-type and body-size checks, and one canonical log line per request."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex[:16]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        scope.setdefault("state", {})["canonical"] = {}
        status_holder = {"status": 500}

        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", request_id.encode())]
            await send(message)

        path = scope.get("path", "")
        method = scope.get("method", "GET")
        rejection = self._reject(method, path, headers)
        try:
            if rejection:
                status, code, message = rejection
                body = json.dumps(error_body(code, message)).encode()
                await send_wrapper({"type": "http.response.start", "status": status,
                                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
                await send_wrapper({"type": "http.response.body", "body": body})
            else:
                await self.app(scope, receive, send_wrapper)
        finally:
            fields = scope["state"].get("canonical", {})
            log.info("request", method=method, route=path, status=status_holder["status"],
                     latency_ms=round((time.perf_counter() - started) * 1000, 1), **fields)

    def _reject(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, str, str] | None:
        if method != "POST" or not path.startswith("/v1/"):
            return None
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return 415, "unsupported_media_type", f"send JSON with 'Content-Type: application/json' (got {ctype or 'none'!r})"
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > self.settings.limits.max_body_bytes:
            return 413, "payload_too_large", f"body of {length} bytes exceeds the limit of {self.settings.limits.max_body_bytes}"
        return None


def create_app(settings: Settings | None = None, *, background_load: bool = True) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level, settings.log_json)
    app_state = AppState(settings)

    def on_startup(app: Litestar) -> None:
        if not settings.api_key_list:
            log.warning("auth_disabled", detail="COPILOT_API_KEYS is empty: /v1/* is open; use only on a trusted machine")
        app_state.start(background=background_load)

    def on_shutdown(app: Litestar) -> None:
        app_state.close()

    v1 = Router(
        path="/v1",
        route_handlers=[routes.create_draft, routes.create_brief, routes.create_check, routes.search, routes.create_feedback],
        guards=[auth_guard],
        security=[{"bearer": []}],
    )
    static = create_static_files_router(path="/static", directories=[_offline_docs_dir(), CONSOLE_DIR / "static"], name="static",
                                        include_in_schema=False)
    cors = CORSConfig(allow_origins=settings.split(settings.cors_origins), allow_methods=["GET", "POST", "OPTIONS"],
                      allow_headers=["authorization", "content-type", "x-request-id"]) if settings.cors_origins else None
    openapi = OpenAPIConfig(
        title="Reply copilot API", version=__version__, path="/schema",
        description="Drafts cited replies to marketplace support tickets, checks operators' replies. See shared/CONTRACT.md.",
        render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin(js_url="/static/swagger-ui-bundle.js", css_url="/static/swagger-ui.css",
                                                                standalone_preset_js_url="/static/swagger-ui-standalone-preset.js", path="/swagger",
                                                                favicon="<link rel='icon' href='data:,'>")],
        components=Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}),
    )
    app = Litestar(
        route_handlers=[routes.healthz, routes.readyz, routes.console_page, routes.demo_tickets, v1, static],
        dependencies={"app_state": Provide(provide_state, sync_to_thread=False)},
        exception_handlers={Exception: handle_exception},
        middleware=[lambda app: RequestContextMiddleware(app, settings)],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        state=State({"copilot": app_state}),
        cors_config=cors,
        openapi_config=openapi,
        request_max_body_size=settings.limits.max_body_bytes,
        logging_config=None,
    )
    return app


def _offline_docs_dir() -> Path:
    import litestar_offline_docs

    return Path(litestar_offline_docs.__file__).resolve().parent / "static"
