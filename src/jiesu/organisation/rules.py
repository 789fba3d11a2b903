"""Who may be dispatched to from where (R1–R3). Pure checks on units; no writes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed
from jiesu.organisation.choices import UnitKind
from jiesu.organisation.models import Region, Unit

CITY_TARGET_KINDS = frozenset({UnitKind.CITY_DEPARTMENT, UnitKind.ENTERPRISE})
COUNTY_TARGET_KINDS = frozenset({UnitKind.COUNTY_DEPARTMENT, UnitKind.TOWNSHIP})


def region_within(region: Region, ancestor: Region) -> bool:
    r: Region | None = region
    while r is not None:
        if r.pk == ancestor.pk:
            return True
        r = r.parent
    return False


def check_handling_unit(platform: Unit, target: Unit) -> None:
    """Raise unless ``platform`` may hand work to ``target``.

    R2: a village or community is never a handling unit. R3: the city platform hands work to
    city departments, utilities and county platforms; a county platform to the county
    departments and townships/streets of its own area.
    """
    if target.kind == UnitKind.VILLAGE:
        raise ValidationFailed(
            "village_not_handling_unit",
            _("%(name)s是村（社区），不是12345热线承办单位，不得层层下派（R2）。")
            % {"name": target.name},
            rule="R2",
            unit=target.code,
        )
    if not target.active:
        raise ValidationFailed(
            "unit_inactive",
            _("%(name)s已停用，不能派单。") % {"name": target.name},
            unit=target.code,
        )
    if platform.is_city_platform:
        ok = target.kind in CITY_TARGET_KINDS or target.is_county_platform
        scope = _("市直部门、要素保障单位或县（市、区）平台")
    elif platform.is_county_platform:
        ok = target.kind in COUNTY_TARGET_KINDS and region_within(target.region, platform.region)
        scope = _("本县（市、区）直部门或乡镇（街道）")
    else:
        ok, scope = False, _("（非平台单位不能派单）")
    if not ok:
        raise ValidationFailed(
            "unit_not_dispatchable",
            _("%(name)s不能直接派单给%(name2)s：只能派给%(scope)s（R3）。")
            % {"name": platform.name, "name2": target.name, "scope": scope},
            rule="R3",
            unit=target.code,
        )
