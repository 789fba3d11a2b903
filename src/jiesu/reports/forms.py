"""The desk forms that ask for a monthly or a special report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MonthlyForm(forms.Form):
    month = forms.CharField(
        label=_("月份"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    regenerate = forms.BooleanField(label=_("按当前数据生成新版本"), required=False)


class SpecialForm(forms.Form):
    topic = forms.CharField(label=_("专报题目（每月一题）"), max_length=100)
    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.CharField(label=_("类别代码"), max_length=40, required=False)
    region = forms.CharField(label=_("区域代码"), max_length=40, required=False)
    keywords = forms.CharField(
        label=_("关键词（空格或逗号分隔，任一命中）"), max_length=200, required=False
    )

    def keyword_list(self) -> list[str]:
        text = self.cleaned_data.get("keywords") or ""
        return [w for w in text.replace("，", " ").replace(",", " ").split() if w]
