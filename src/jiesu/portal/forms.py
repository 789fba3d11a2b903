from __future__ import annotations

from django import forms

from jiesu.core.forms import CleanForm
from jiesu.portal.choices import Rating
from jiesu.tickets.choices import AppealType

#: what a citizen picks from: every appeal type, consultations as one
APPEAL_CHOICES = [
    (AppealType.HELP, "求助"),
    (AppealType.COMPLAINT, "投诉"),
    (AppealType.CONSULT_GENERAL, "咨询"),
    (AppealType.SUGGESTION, "建议"),
    (AppealType.REPORT, "举报"),
    (AppealType.PRAISE, "表扬"),
]


class SubmitForm(CleanForm):
    appeal_type = forms.ChoiceField(label="诉求类型", choices=APPEAL_CHOICES)
    content = forms.CharField(
        label="事由",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "请说明发生了什么、希望怎样解决"}),
    )
    happened_at = forms.CharField(
        label="发生时间",
        required=False,
        max_length=40,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    region = forms.ChoiceField(label="所在区域", required=False)
    address = forms.CharField(
        label="地点",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "街道、小区、门牌号等"}),
    )
    lat = forms.FloatField(label="纬度", required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label="经度", required=False, min_value=-180, max_value=180)
    caller_name = forms.CharField(label="您的称呼", max_length=60, required=False)
    caller_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        help_text="不匿名时必填，便于承办单位联系和回访",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    anonymous = forms.BooleanField(label="匿名提交（不留姓名和电话，无法电话回访）", required=False)
    confidential = forms.BooleanField(label="请为我保密（承办单位看不到我的身份）", required=False)
    challenge = forms.CharField(label="校验题", max_length=10)
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(label="网址", required=False)  # hidden from people; bots fill it

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "（不清楚）"), *regions]


class FollowForm(CleanForm):
    number = forms.CharField(
        label="工单编号", max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    code = forms.CharField(
        label="查询码", max_length=8, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class RateForm(CleanForm):
    result = forms.ChoiceField(label="评价", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "不满意时请写明仍未解决的问题"}),
    )
