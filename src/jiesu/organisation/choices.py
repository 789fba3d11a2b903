from django.db import models


class RegionLevel(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县（市、区）"


class UnitKind(models.TextChoices):
    PLATFORM = "platform", "12345平台"
    CITY_DEPARTMENT = "city_department", "市直部门"
    COUNTY_DEPARTMENT = "county_department", "县（市、区）直部门"
    TOWNSHIP = "township", "乡镇（街道）"
    ENTERPRISE = "enterprise", "要素保障单位（水电气）"
    VILLAGE = "village", "村（社区）"


class Role(models.TextChoices):
    OPERATOR = "operator", "话务员"
    PLATFORM_DISPATCHER = "platform_dispatcher", "平台派单审核员"
    UNIT_HANDLER = "unit_handler", "承办人"
    UNIT_REVIEWER = "unit_reviewer", "科室负责人"
    UNIT_LEADER = "unit_leader", "分管负责同志"
    SUPERVISOR = "supervisor", "督导"
    CITIZEN = "citizen", "市民/企业"
    ADMIN = "admin", "管理员"


PLATFORM_ROLES = frozenset({Role.OPERATOR, Role.PLATFORM_DISPATCHER, Role.ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_HANDLER, Role.UNIT_REVIEWER, Role.UNIT_LEADER})
