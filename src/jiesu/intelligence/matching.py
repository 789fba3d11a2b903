"""Tickets on the same matter, found through an index: MinHash signatures of each ticket's
character bigrams, cut into bands; two tickets that share a band key are candidates, and the
candidates are then compared exactly (``similarity.cosines``). Pure functions; the table is
``MatterKey``.

Every key carries the number of the formula that made it (``SCHEME``, in bits 40–47): when the
formula changes, the keys an older release wrote can never equal this one's, so an index not yet
rewritten (``jiesu matters reindex``, ``matterindex``) gives fewer candidates, never wrong ones
(decision 0109)."""

from __future__ import annotations

import zlib

import numpy as np

from jiesu.intelligence.text import bigrams, normalise

#: the key formula's number: 0 = 16 bands × 2 rows, no scheme bits (before decision 0109);
#: 1 = 16 bands × 1 row
SCHEME = 1
SCHEME_SHIFT = 40
BANDS = 16
ROWS = 1  # per band: a pair of tickets with bigram Jaccard J shares a band with 1-(1-J)^16
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
    """``BANDS`` positive keys below 2^63 (fit a BIGINT column): the scheme, the band and a CRC
    of the band's rows; none for a text without bigrams."""
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
        keys.append((SCHEME << SCHEME_SHIFT) | (band << 32) | zlib.crc32(part, band))
    return keys


def scheme_of(key: int) -> int:
    return key >> SCHEME_SHIFT


def current_keys() -> tuple[int, int]:
    """The range of this scheme's keys: [low, high)."""
    return SCHEME << SCHEME_SHIFT, (SCHEME + 1) << SCHEME_SHIFT
