from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from jiesu.core import inputs
from jiesu.core.errors import JiesuError
from jiesu.enterprise.choices import Gap
from jiesu.tickets.choices import CallbackResult


class CheckedForm(forms.Form):
    """Its text passes the same input boundary as the API's (``core.inputs``)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    inputs.clean_text(value, field=str(self.fields[name].label or name))
                except JiesuError as exc:
                    self.add_error(name, exc.message)
        return cleaned


class CompanyForm(CheckedForm):
    company_name = forms.CharField(label=gettext_lazy("企业名称"), max_length=100)
    credit_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=24)
    contact_name = forms.CharField(label=gettext_lazy("联系人"), max_length=60)
    contact_phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20)


class RegisterForm(CompanyForm):
    gap = forms.ChoiceField(label=gettext_lazy("兜底情形"), choices=Gap.choices)
    subject = forms.CharField(label=gettext_lazy("问题概述"), max_length=200)
    content = forms.CharField(
        label=gettext_lazy("问题详情"), widget=forms.Textarea(attrs={"rows": 5})
    )
    address = forms.CharField(label=gettext_lazy("企业地址"), max_length=200, required=False)


class DeclineForm(CheckedForm):
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(
        label=_("建议企业找谁（可不填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CoordinateForm(CheckedForm):
    lead = forms.ChoiceField(label=gettext_lazy("牵头部门"))
    helpers = forms.MultipleChoiceField(
        label=gettext_lazy("配合部门"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", _("请选择")), *units]
        self.fields["helpers"].choices = list(units)


class EscalateForm(CheckedForm):
    reason = forms.CharField(
        label=gettext_lazy("提级理由"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(CheckedForm):
    result = forms.ChoiceField(label=gettext_lazy("企业评价"), choices=CallbackResult.choices)
    comment = forms.CharField(label=gettext_lazy("企业意见"), required=False)
