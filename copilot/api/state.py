"""Process-wide state of the API: one index handle per process, loaded in the background.

`/readyz` answers 503 until `AppState.ready`; `/v1/*` answers 503 `index_unavailable` meanwhile.
"""

from __future__ import annotations

import threading
from typing import Any

import structlog

from copilot.config import Settings
from copilot.errors import IndexUnavailableError

log = structlog.get_logger()


class AppState:
    """Not a dataclass on purpose: Litestar inspects annotated fields of injected types."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services: Any = None
        self.drafts: Any = None
        self.error: str | None = None
        self.ready = False
        self._thread: threading.Thread | None = None
        self.write_lock = threading.Lock()

    def start(self, background: bool = True) -> None:
        if background:
            self._thread = threading.Thread(target=self._load, name="copilot-load", daemon=True)
            self._thread.start()
        else:
            self._load()

    def _load(self) -> None:
        from copilot.drafting.llm import make_llm_drafter
        from copilot.drafting.service import DraftService
        from copilot.services import open_services

        try:
            services = open_services(self.settings, ingest_if_needed=self.settings.auto_ingest, create=self.settings.auto_ingest, progress=False)
            services.extras["llm_drafter"] = make_llm_drafter(self.settings)
            self.drafts = DraftService(services)
            self.services = services
            self.ready = True
            log.info("index_ready", points=services.index.count(), backend=self.settings.index_backend)
        except Exception as exc:  # the reason is served by /readyz and every /v1 call
            self.error = str(getattr(exc, "message", exc))
            log.error("index_load_failed", error=self.error)

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread:
            self._thread.join(timeout)
        return self.ready

    def require(self) -> Any:
        if not self.ready:
            raise IndexUnavailableError(self.error or "the index is still loading; retry shortly")
        return self.services

    def close(self) -> None:
        if self._thread and self._thread.is_alive():
            self._thread.join(timeout=120)
        if self.services:
            self.services.close()
            self.services = None
            self.ready = False
