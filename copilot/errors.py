"""The error tree. Adapters wrap vendor errors (`raise ... from exc`); `copilot.api.errors` maps them to HTTP."""

from __future__ import annotations


class CopilotError(Exception):
    """Base of every error the copilot raises on purpose."""

    code = "internal_error"
    status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ConfigError(CopilotError):
    code = "config_error"


class InvalidTicketError(CopilotError):
    """The request is well-formed JSON but not a valid ticket."""

    code = "invalid_ticket"
    status = 422


class PayloadTooLargeError(CopilotError):
    code = "payload_too_large"
    status = 413


class KnowledgeBaseError(CopilotError):
    """A knowledge-base file is malformed; the message names the file and line."""

    code = "knowledge_base_error"

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.problem = path, line, problem


class IndexUnavailableError(CopilotError):
    """The vector store is missing, locked or unreachable (never an empty result)."""

    code = "index_unavailable"
    status = 503


class EmbeddingError(CopilotError):
    code = "embedding_unavailable"
    status = 503


class LLMError(CopilotError):
    """The LLM backend failed; `retryable` tells the retry loop whether to try again."""

    code = "llm_error"
    status = 502

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class PromptError(ConfigError):
    code = "prompt_error"
