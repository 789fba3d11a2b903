"""The base of every server-rendered form (the desk's, the portal's)."""

from __future__ import annotations

from django import forms

from jiesu.core import inputs
from jiesu.core.errors import JiesuError


class CleanForm(forms.Form):
    """Its text passes the same input boundary as the API's (``core.inputs``): a control
    character or a lone surrogate is a form error on its field."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    inputs.clean_text(value, field=str(self.fields[name].label or name))
                except JiesuError as exc:
                    self.add_error(name, exc.message)
        return cleaned
