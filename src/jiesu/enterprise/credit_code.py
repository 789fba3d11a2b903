"""The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from
0-9 and the capitals without I, O, S, V, Z; the last is a check character computed from the
first 17 with the weights 3^(i-1) mod 31."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # value = position (0…30)
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, …


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """18 characters of the alphabet, the 3rd–8th digits (the region code), and the right
    check character."""
    if len(code) != 18 or any(c not in ALPHABET for c in code) or not code[2:8].isdigit():
        return False
    return check_character(code[:17]) == code[17]


def normalise(raw: str) -> str:
    return (raw or "").strip().upper().replace(" ", "")
