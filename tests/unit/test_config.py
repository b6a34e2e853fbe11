"""Settings: env vars (nested with '__'), validation, and the README's env-var table kept in sync."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from copilot.config import Settings, env_table_markdown, iter_env_vars
from copilot.errors import ConfigError

README = Path(__file__).resolve().parents[2] / "README.md"


def test_env_vars_nested_and_typed() -> None:
    s = Settings.from_env({"COPILOT_DATA_DIR": "/tmp/x", "COPILOT_QDRANT__URL": "http://q:6333", "COPILOT_LLM__TIMEOUT_S": "2.5",
                           "COPILOT_QDRANT__EXACT": "true", "COPILOT_LIMITS__MAX_MESSAGES": "7"})
    assert str(s.data_dir) == "/tmp/x"
    assert s.qdrant.url == "http://q:6333" and s.index_backend == "qdrant"
    assert s.llm.timeout_s == 2.5 and s.qdrant.exact is True and s.limits.max_messages == 7


def test_bad_values_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="COPILOT_LLM__TIMEOUT_S"):
        Settings.from_env({"COPILOT_LLM__TIMEOUT_S": "soon"})
    with pytest.raises(ConfigError, match="COPILOT_DRAFTER"):
        Settings.from_env({"COPILOT_DRAFTER": "magic"})


def test_every_setting_is_documented() -> None:
    for name, _, doc in iter_env_vars():
        assert name.startswith("COPILOT_") and len(doc) > 10, name


def test_readme_env_table_in_sync() -> None:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- env-table:start -->\n(.*?)\n<!-- env-table:end -->", text, re.S)
    assert m, "README lacks the env-table markers"
    assert m.group(1).strip() == env_table_markdown().strip(), "README env table is stale: paste `copilot config` output"
