from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.forms import CleanForm
from jiesu.portal.choices import Rating
from jiesu.tickets.choices import AppealType

#: what a citizen picks from: every appeal type, consultations as one
APPEAL_CHOICES = [
    (AppealType.HELP, gettext_lazy("求助")),
    (AppealType.COMPLAINT, gettext_lazy("投诉")),
    (AppealType.CONSULT_GENERAL, gettext_lazy("咨询")),
    (AppealType.SUGGESTION, gettext_lazy("建议")),
    (AppealType.REPORT, gettext_lazy("举报")),
    (AppealType.PRAISE, gettext_lazy("表扬")),
]


class SubmitForm(CleanForm):
    appeal_type = forms.ChoiceField(label=gettext_lazy("诉求类型"), choices=APPEAL_CHOICES)
    content = forms.CharField(
        label=gettext_lazy("事由"),
        max_length=5000,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": gettext_lazy("请说明发生了什么、希望怎样解决")}
        ),
    )
    happened_at = forms.CharField(
        label=gettext_lazy("发生时间"),
        required=False,
        max_length=40,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    region = forms.ChoiceField(label=gettext_lazy("所在区域"), required=False)
    address = forms.CharField(
        label=gettext_lazy("地点"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("街道、小区、门牌号等")}),
    )
    lat = forms.FloatField(label=gettext_lazy("纬度"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(
        label=gettext_lazy("经度"), required=False, min_value=-180, max_value=180
    )
    caller_name = forms.CharField(label=gettext_lazy("您的称呼"), max_length=60, required=False)
    caller_phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("不匿名时必填，便于承办单位联系和回访"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("匿名提交（不留姓名和电话，无法电话回访）"), required=False
    )
    confidential = forms.BooleanField(
        label=gettext_lazy("请为我保密（承办单位看不到我的身份）"), required=False
    )
    challenge = forms.CharField(label=gettext_lazy("校验题"), max_length=10)
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=gettext_lazy("网址"), required=False
    )  # hidden from people; bots fill it

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("（不清楚）")), *regions]


class FollowForm(CleanForm):
    number = forms.CharField(
        label=gettext_lazy("工单编号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class RateForm(CleanForm):
    result = forms.ChoiceField(
        label=gettext_lazy("评价"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": gettext_lazy("不满意时请写明仍未解决的问题")}
        ),
    )
