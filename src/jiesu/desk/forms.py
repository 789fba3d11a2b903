from django import forms

from jiesu.core.forms import CleanForm
from jiesu.tickets.choices import AppealType, CallbackResult, Channel


class IntakeForm(CleanForm):
    channel = forms.ChoiceField(label="受理渠道", choices=Channel.choices, initial=Channel.PHONE)
    appeal_type = forms.ChoiceField(label="诉求类型", choices=AppealType.choices)
    caller_name = forms.CharField(label="诉求人", max_length=60, required=False)
    caller_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    anonymous = forms.BooleanField(label="匿名", required=False)
    confidential = forms.BooleanField(label="保密", required=False)
    urgent = forms.BooleanField(label="紧急", required=False)
    enterprise = forms.BooleanField(label="涉企", required=False)
    region = forms.ChoiceField(label="区域", required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    category = forms.ChoiceField(label="派单目录", required=False)
    subject = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(
        label="诉求内容（时间、地点、事由）", widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, regions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "（本平台所在区域）"), *regions]
        self.fields["category"].choices = [("", "（暂不选择）"), *categories]


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
