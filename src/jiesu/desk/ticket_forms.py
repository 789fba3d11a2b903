"""The forms of the ticket page, one per step, their fields named like the keyword arguments of
the step's action (``desk.steps``). Units are picked by **name** (a ``<datalist>`` of the units
the rules allow, R1–R3, listed here) and turned into codes; the rules themselves stay in the
actions, whose refusals come back next to the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiesu.catalogue.queries import category_choices
from jiesu.core.errors import ValidationFailed
from jiesu.core.forms import CleanForm
from jiesu.diversion.choices import DiversionChannel
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Unit
from jiesu.organisation.rules import check_handling_unit
from jiesu.tickets.actions.dispatch import acting_platform
from jiesu.tickets.choices import CallbackResult, DispatchClass, Track

CHOOSE = _("——请选择——")


def text(label, *, rows: int = 2, required: bool = True, help_text="") -> forms.CharField:
    """A written field of a step (a reason, an opinion, an answer): a textarea of ``rows``."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def platform_of(actor: Actor) -> Unit | None:
    """The platform the person dispatches for: their own; the city platform for administrators."""
    unit = actor.unit
    if unit is not None and unit.is_platform:
        return unit
    if actor.is_admin:
        return acting_platform(actor)
    return None


def all_units() -> list[tuple[str, str]]:
    """Every unit that handles work (a return's suggested unit, a supervised unit): R2 leaves
    villages and communities out."""
    qs = Unit.objects.filter(active=True).exclude(kind=UnitKind.VILLAGE)
    return list(qs.order_by("code").values_list("code", "name"))


def dispatchable_units(actor: Actor) -> list[tuple[str, str]]:
    """The units the person's platform may hand work to: R1–R3 asked of
    ``organisation.rules`` for each candidate."""
    platform = platform_of(actor)
    if platform is None:
        return []
    qs = Unit.objects.filter(active=True).exclude(kind=UnitKind.VILLAGE)
    if not platform.is_city_platform:
        qs = qs.filter(region_id=platform.region_id)
    out = []
    for unit in qs.select_related("region").order_by("kind", "code"):
        try:
            check_handling_unit(platform, unit)
        except ValidationFailed:
            continue  # the rules' refusal only leaves the unit off the list
        out.append((unit.code, unit.name))
    return out


#: the unit lists a form's unit fields may name, by the ``units`` of its step
UNIT_LISTS = {
    "dispatch-units": dispatchable_units,
    "all-units": lambda actor: all_units(),
}


class UnitField(forms.CharField):
    """A unit typed by name (or code) and chosen from ``units`` ((code, name) pairs); the
    cleaned value is its code, or a list of codes for ``many`` (separated by 、 or commas), and
    None when left empty (the action then takes its default, e.g. the catalogue's proposal)."""

    def __init__(self, *args, many: bool = False, **kwargs):
        self.many = many
        self.units: list[tuple[str, str]] = []
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_codes(self, value: str) -> list[str]:
        by_name = {name: code for code, name in self.units}
        codes = {code for code, _name in self.units}
        parts = [value]
        if self.many:
            for sep in ("，", ",", ";", "；"):
                value = value.replace(sep, "、")
            parts = value.split("、")
        found, unknown = [], []
        for part in (p.strip() for p in parts):
            if not part:
                continue
            code = by_name.get(part) or (part if part in codes else None)
            (found if code else unknown).append(code or part)
        if unknown:
            raise forms.ValidationError(
                _("没有可选的单位「%(names)s」：请从列表中按名称选择本平台可派的单位。"),
                params={"names": "、".join(unknown)},
                code="unknown_unit",
            )
        return found

    def clean(self, value):
        text = super().clean(value)
        codes = self.to_codes(text or "")
        if not codes:
            return None
        return codes if self.many else codes[0]


def units_widget(list_id: str) -> forms.TextInput:
    return forms.TextInput(attrs={"list": list_id, "autocomplete": "off"})


class UnitsForm(CleanForm):
    """A form with unit fields: ``units`` are the (code, name) pairs it may name."""

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitField):
                field.units = list(units)


class EmptyForm(forms.Form):
    """A step with nothing to type (签收)."""


class DispatchForm(UnitsForm):
    main_unit = UnitField(
        label=_("主办单位"),
        widget=units_widget("dispatch-units"),
        help_text=_("输入单位名称选择；留空按派单目录"),
    )
    assist_units = UnitField(
        label=_("协办单位"),
        many=True,
        widget=units_widget("dispatch-units"),
        help_text=_("多个单位用“、”分隔"),
    )


class ContentForm(CleanForm):
    content = text(_("答复内容"), rows=3)


class ReviewForm(CleanForm):
    comment = text(_("审核意见"), required=False, help_text=_("退回重办须写明意见"))


class ExtensionForm(CleanForm):
    working_days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=60)
    reason = text(_("申请理由"))


class ReturnForm(UnitsForm):
    findings = text(_("核实调查情况"))
    policy_basis = text(_("政策依据"))
    suggested_unit = UnitField(
        label=_("建议承办单位"), required=True, widget=units_widget("all-units")
    )


class StatementForm(forms.Form):
    file = forms.FileField(
        label=_("加盖公章的退单情况说明"),
        help_text=_("PDF、JPG 或 PNG，不超过 10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class OpinionForm(CleanForm):
    """The decisions taken with 同意 / 不同意: an opinion, required when refusing."""

    reason = text(_("审核意见"), required=False, help_text=_("不同意须写明理由"))


class LeaderOpinionForm(CleanForm):
    """The unit leader's review of a return (同意 / 不同意)."""

    comment = text(_("审核意见"), required=False, help_text=_("不同意须写明意见"))


class ReturnDecisionForm(UnitsForm):
    new_main_unit = UnitField(
        label=_("改派单位"),
        widget=units_widget("dispatch-units"),
        help_text=_("同意时改派至此；留空为建议承办单位"),
    )
    back_to_platform = forms.BooleanField(
        label=_("不改派，退回本平台"),
        required=False,
        help_text=_("不属12345受理范围时勾选，改派单位留空：同意后工单回到“已受理”，再分流"),
    )
    reason = text(_("审核意见"), required=False, help_text=_("不同意须写明理由"))


class DivertForm(CleanForm):
    channel = forms.ChoiceField(
        label=_("分流渠道"), choices=[("", CHOOSE), *DiversionChannel.choices]
    )
    reason = text(_("分流理由"))


class MergeForm(CleanForm):
    into = forms.CharField(label=_("并入主单编号"), max_length=40)


class ClassifyForm(CleanForm):
    dispatch_class = forms.ChoiceField(label=_("派单分类"), choices=DispatchClass.choices)
    track = forms.ChoiceField(label=_("办理类别"), choices=Track.choices)


class EscalateForm(CleanForm):
    reason = text(_("提级理由"))


class SuperviseForm(UnitsForm):
    reason = text(_("督办事由"))
    deadline = forms.DateTimeField(
        label=_("督办时限"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    unit = UnitField(
        label=_("督办单位"), widget=units_widget("all-units"), help_text=_("留空为主办单位")
    )


class InstructionForm(UnitsForm):
    leader = forms.CharField(label=_("批示领导"), max_length=60)
    content = text(_("批示内容"))
    unit = UnitField(
        label=_("跟踪办理单位"), widget=units_widget("all-units"), help_text=_("留空为主办单位")
    )


class ClueForm(UnitsForm):
    unit = UnitField(label=_("涉及单位"), required=True, widget=units_widget("all-units"))
    content = text(_("问题线索"))


class FeedbackForm(CleanForm):
    feedback = text(_("反馈意见"))


class AnswerOnlineForm(CleanForm):
    answer = text(_("直办答复内容"), rows=3)


class CallbackForm(CleanForm):
    result = forms.ChoiceField(label=_("回访结果"), choices=[("", CHOOSE), *CallbackResult.choices])
    comment = text(
        _("市民意见"), required=False, help_text=_("不满意时写明市民的诉求，重办单位会看到")
    )


class CategoryForm(CleanForm):
    """The dispatch catalogue, grouped by industry (R6)."""

    category = forms.ChoiceField(label=_("新的派单目录"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", CHOOSE), *category_choices()]


class UnmergeForm(CleanForm):
    reason = text(_("取消并单理由"))


class CloseForm(CleanForm):
    reason = text(
        _("办结说明"), required=False, help_text=_("未经回访办结须写明理由，并计为未回访")
    )


class DisputeForm(CleanForm):
    reason = text(
        _("争议事由"),
        help_text=_("写明各方对职责的不同意见；发起后在“派单争议裁定”中同意（改派）或不同意"),
    )


class SupervisionCloseForm(CleanForm):
    result = text(_("督办结果"))


class ExternalResultForm(CleanForm):
    channel = forms.ChoiceField(label=_("分流渠道"), choices=DiversionChannel.choices)
    result = text(_("外部渠道办理结果"))
