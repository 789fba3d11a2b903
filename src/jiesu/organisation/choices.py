from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")


class UnitKind(models.TextChoices):
    PLATFORM = "platform", _("12345平台")
    CITY_DEPARTMENT = "city_department", _("市直部门")
    COUNTY_DEPARTMENT = "county_department", _("县（市、区）直部门")
    TOWNSHIP = "township", _("乡镇（街道）")
    ENTERPRISE = "enterprise", _("要素保障单位（水电气）")
    VILLAGE = "village", _("村（社区）")


class Role(models.TextChoices):
    OPERATOR = "operator", _("话务员")
    PLATFORM_DISPATCHER = "platform_dispatcher", _("平台派单审核员")
    UNIT_HANDLER = "unit_handler", _("承办人")
    UNIT_REVIEWER = "unit_reviewer", _("科室负责人")
    UNIT_LEADER = "unit_leader", _("分管负责同志")
    SUPERVISOR = "supervisor", _("督导")
    CITIZEN = "citizen", _("市民/企业")
    ADMIN = "admin", _("管理员")


PLATFORM_ROLES = frozenset({Role.OPERATOR, Role.PLATFORM_DISPATCHER, Role.ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_HANDLER, Role.UNIT_REVIEWER, Role.UNIT_LEADER})
