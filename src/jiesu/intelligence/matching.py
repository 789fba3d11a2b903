"""Tickets on the same matter, found through an index: MinHash signatures of each ticket's
character bigrams, cut into bands; two tickets that share a band key are candidates, and the
candidates are then compared exactly (Jaccard of bigrams). Pure functions; the table is
``MatterKey``."""

from __future__ import annotations

import zlib

import numpy as np

from jiesu.intelligence.text import bigrams, normalise

BANDS = 16
ROWS = 2  # per band: a pair of tickets with bigram Jaccard J shares a band with 1-(1-J²)^16
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20251202)
_A = _rng.integers(1, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=BANDS * ROWS, dtype=np.uint64)
#: how much of the content the signature reads after the subject
CONTENT_CHARS = 300


def matter_text(subject: str, content: str) -> str:
    return normalise(f"{subject} {(content or '')[:CONTENT_CHARS]}")


def shingles(subject: str, content: str) -> set[str]:
    return bigrams(matter_text(subject, content))


def band_keys(grams: set[str]) -> list[int]:
    """``BANDS`` signed 63-bit keys (fit a BIGINT column); none for a text without bigrams."""
    if not grams:
        return []
    hashes = np.fromiter(
        (zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams)
    )
    # (a·x + b) mod 2^31-ish per hash function, the minimum over shingles
    mixed = (hashes[None, :] * _A[:, None] + _B[:, None]) % np.uint64(_PRIME)
    signature = mixed.min(axis=1)
    keys = []
    for band in range(BANDS):
        part = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(zlib.crc32(part, band) | (band << 32))
    return keys
