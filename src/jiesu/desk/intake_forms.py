"""The intake form (受理), laid out for a call under a minute.

The fields come in the order the operator hears them: the caller, the matter, the place, the
type, the category. The appeal type has no default (the operator must choose), and every check
that can be made before the action runs is made here at once, so that one submit shows every
error next to its field. The action's own validation stays the authority: an error it raises is
put back on the field it names (``FIELD_OF``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiesu.core.errors import JiesuError
from jiesu.core.forms import CleanForm
from jiesu.tickets.actions.intake import _LANDLINE, _MOBILE, _SERVICE, normalise_phone
from jiesu.tickets.choices import AppealType, Channel

#: The action's error ``field`` → the form field it belongs to.
FIELD_OF = {
    "caller.phone": "caller_phone",
    "caller.name": "caller_name",
    "channel": "channel",
    "appeal_type": "appeal_type",
    "region": "region",
    "address": "address",
    "category": "category",
    "subject": "subject",
    "content": "content",
}


class IntakeForm(CleanForm):
    # the caller
    caller_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}
        ),
    )
    caller_name = forms.CharField(label=_("诉求人"), max_length=60, required=False)
    anonymous = forms.BooleanField(label=_("匿名"), required=False)
    confidential = forms.BooleanField(label=_("保密"), required=False)
    # the matter
    subject = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(
        label=_("诉求内容（时间、地点、事由）"), widget=forms.Textarea(attrs={"rows": 5})
    )
    # the place
    region = forms.ChoiceField(label=_("区域"), required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    # the type
    appeal_type = forms.ChoiceField(
        label=_("诉求类型"), choices=[("", _("（请选择）")), *AppealType.choices]
    )
    urgent = forms.BooleanField(label=_("紧急"), required=False)
    enterprise = forms.BooleanField(label=_("涉企"), required=False)
    # the category
    category = forms.ChoiceField(label=_("派单目录"), required=False)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Channel.choices, initial=Channel.PHONE)
    # suggestions the operator accepted (issue 9): carried to the ticket page's dispatch and
    # merge forms, where the final choice is made and recorded as any other
    main_unit = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    merge_into = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, regions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("（本平台所在区域）")), *regions]
        self.fields["category"].choices = [("", _("（暂不选择）")), *categories]
        for name, field in self.fields.items():
            if field.required:  # the browser checks too, and says so next to the field
                field.widget.attrs["required"] = True
            field.widget.attrs.setdefault("data-draft", name)
            field.widget.attrs["aria-describedby"] = f"err-{name}"
        # the browser checks the phone with the action's own patterns (after the same clean-up)
        self.fields["caller_phone"].widget.attrs["data-pattern"] = "|".join(
            rx.pattern for rx in (_MOBILE, _LANDLINE, _SERVICE)
        )

    def ask_caller_history(self, url: str) -> None:
        """While the phone number is typed, htmx asks ``url`` for the caller's earlier tickets."""
        self.fields["caller_phone"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#caller-history",
            }
        )

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("caller_phone", "")
        try:
            cleaned["caller_phone"] = normalise_phone(phone)
        except JiesuError as exc:  # the action's own check, with its code as the action says it
            self.add_error("caller_phone", f"{exc.message}（{exc.code}）")
        else:
            if not cleaned.get("anonymous") and not cleaned["caller_phone"]:
                self.add_error("caller_phone", _("非匿名诉求须留联系电话。"))
        return cleaned

    def add_action_error(self, exc: JiesuError) -> None:
        """Put an error raised by the intake action next to the field it names."""
        field = FIELD_OF.get(str(exc.details.get("field", "")))
        self.add_error(field, f"{exc.message}（{exc.code}）")
