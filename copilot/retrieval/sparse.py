"""BM25-style sparse term vectors from Snowball stems; Qdrant's IDF modifier supplies the idf part.

Documents get the BM25 term-frequency saturation weight; queries get 1.0 per distinct term, so
Qdrant's dot product with `Modifier.IDF` scores `sum(idf(t) * tf_weight(t, d))`, i.e. BM25.
Term ids are a stable 31-bit hash of the stem (CRC32), identical across processes and machines.
"""

from __future__ import annotations

import zlib
from collections import Counter

from copilot.text.stem import stems

K1 = 1.2
B = 0.75
AVG_DOC_LEN = 60.0


def term_id(stem: str) -> int:
    return zlib.crc32(stem.encode("utf-8")) & 0x7FFFFFFF


def encode_document(text: str) -> tuple[list[int], list[float]]:
    terms = stems(text)
    if not terms:
        return [], []
    tf = Counter(terms)
    norm = K1 * (1 - B + B * len(terms) / AVG_DOC_LEN)
    weights: dict[int, float] = {}
    for term, count in tf.items():
        tid = term_id(term)
        weights[tid] = weights.get(tid, 0.0) + count * (K1 + 1) / (count + norm)
    ids = sorted(weights)
    return ids, [weights[i] for i in ids]


def encode_query(text: str) -> tuple[list[int], list[float]]:
    ids = sorted({term_id(t) for t in stems(text)})
    return ids, [1.0] * len(ids)
