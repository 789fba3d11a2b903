from django import forms

from jiesu.core.forms import CleanForm
from jiesu.tickets.choices import CallbackResult

__all__ = ["CleanForm", "CallbackForm", "DispatchForm", "ReviewForm", "TextForm"]


class DispatchForm(CleanForm):
    main_unit = forms.CharField(label="主办单位编码（留空按派单目录）", required=False)
    assist_units = forms.CharField(label="协办单位编码（逗号分隔）", required=False)


class TextForm(CleanForm):
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(CleanForm):
    approve = forms.TypedChoiceField(
        label="审核", choices=[("1", "通过"), ("0", "退回重办")], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CallbackForm(CleanForm):
    result = forms.ChoiceField(label="回访结果", choices=CallbackResult.choices)
    comment = forms.CharField(label="回访意见", required=False)
