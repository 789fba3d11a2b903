"""Plain text fields as every action takes them: stripped, required, bounded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed


def clean_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(
            "empty_field", _("%(label)s不能为空。") % {"label": label}, field=field
        )
    if len(text) > max_length:
        raise ValidationFailed(
            "field_too_long",
            _("%(label)s不能超过%(max_length)s个字。") % {"label": label, "max_length": max_length},
            field=field,
        )
    return text
