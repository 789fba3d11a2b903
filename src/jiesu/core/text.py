"""Plain text fields as every action takes them: stripped, required, bounded."""

from __future__ import annotations

from jiesu.core.errors import ValidationFailed


def clean_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed("empty_field", f"{label}不能为空。", field=field)
    if len(text) > max_length:
        raise ValidationFailed("field_too_long", f"{label}不能超过{max_length}个字。", field=field)
    return text
