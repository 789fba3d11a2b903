from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiesu.organisation.choices import RegionLevel, Role, UnitKind


class Region(models.Model):
    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("行政区域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    code = models.SlugField(_("编码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="units", verbose_name=_("区域"))
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("单位")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_platform(self) -> bool:
        return self.kind == UnitKind.PLATFORM

    @property
    def is_city_platform(self) -> bool:
        return self.kind == UnitKind.PLATFORM and self.region.level == RegionLevel.CITY

    @property
    def is_county_platform(self) -> bool:
        return self.kind == UnitKind.PLATFORM and self.region.level == RegionLevel.COUNTY


class Membership(models.Model):
    """A user's desk: one unit and one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership", verbose_name=_("用户")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("单位")
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("人员岗位")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or '-'}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    name = models.CharField(_("名称"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)
    expires_at = models.DateTimeField(
        _("到期时间"), null=True, blank=True, help_text=_("为空表示长期有效")
    )

    class Meta:
        verbose_name = verbose_name_plural = _("API令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
