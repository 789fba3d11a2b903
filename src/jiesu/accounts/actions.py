"""Accounts for a whole centre: create one (``create_user``), import a sheet of them
(``import_users``, all rows or none, docs/accounts.md), and the first login's own password
(``password_set``). A handed-out password is one-time: its holder must replace it (0022)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from jiesu.accounts.models import Account
from jiesu.core.errors import JiesuError, ValidationFailed
from jiesu.organisation.choices import PLATFORM_ROLES, UNIT_ROLES, Role
from jiesu.organisation.models import Membership, Unit

_USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")
_PHONE = re.compile(r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")
#: roles that need no unit: a supervisor works across units, a citizen has none
UNITLESS = frozenset({Role.SUPERVISOR, Role.CITIZEN, Role.ADMIN})


@dataclass(frozen=True)
class AccountData:
    username: str
    role: str
    unit: str = ""
    name: str = ""
    phone: str = ""


@dataclass
class Created:
    username: str
    one_time_password: str | None  # None when the password was given or the user existed
    created: bool


@dataclass
class ImportReport:
    created: list[Created] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.bad_rows


def one_time_password() -> str:
    """Twelve characters from an alphabet without look-alikes (0/O, 1/l/I)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def _unit_for(data: AccountData) -> Unit | None:
    if data.role not in Role.values:
        raise ValidationFailed(
            "unknown_role",
            gettext("未知的角色：%(role)s（可选：%(choices)s）。")
            % {"role": data.role, "choices": "、".join(Role.values)},
            field="role",
        )
    if not data.unit:
        if data.role in UNITLESS:
            return None
        raise ValidationFailed(
            "unit_required",
            gettext("角色 %(role)s 须指定单位。") % {"role": data.role},
            field="unit",
        )
    unit = Unit.objects.filter(code=data.unit).first()
    if unit is None:
        raise ValidationFailed(
            "unknown_unit",
            gettext("未知的单位编码：%(unit)s。") % {"unit": data.unit},
            field="unit",
        )
    if data.role in PLATFORM_ROLES - {Role.ADMIN} and not unit.is_platform:
        raise ValidationFailed(
            "role_unit_mismatch",
            gettext("角色 %(role)s 须属于12345平台，%(name)s不是平台。")
            % {"role": data.role, "name": unit.name},
        )
    if data.role in UNIT_ROLES and unit.is_platform:
        raise ValidationFailed(
            "role_unit_mismatch",
            gettext("角色 %(role)s 须属于承办单位，%(name)s是12345平台。")
            % {"role": data.role, "name": unit.name},
        )
    return unit


def _check(data: AccountData) -> Unit | None:
    if not _USERNAME.match(data.username or ""):
        raise ValidationFailed(
            "invalid_username",
            gettext("用户名不合法：%(username)r（2–150位字母、数字或 _.@+-）。")
            % {"username": data.username},
        )
    if data.phone and not _PHONE.match(data.phone):
        raise ValidationFailed(
            "invalid_phone", gettext("手机号格式不正确：%(phone)s。") % {"phone": data.phone}
        )
    if len(data.name) > 150:
        raise ValidationFailed("field_too_long", gettext("姓名不能超过150个字。"))
    return _unit_for(data)


def _save(data: AccountData, unit: Unit | None, password: str | None, now: datetime) -> Created:
    User = get_user_model()
    user = User.objects.filter(username=data.username).first()
    created = user is None
    handed_out = None
    if user is None:
        user = User(username=data.username)
        handed_out = None if password else one_time_password()
        user.set_password(password or handed_out)
    user.first_name = data.name
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": data.role})
    defaults: dict = {"phone": data.phone}
    if created:
        defaults |= {"must_set_password": handed_out is not None, "password_issued_at": now}
    Account.objects.update_or_create(user=user, defaults=defaults)
    return Created(data.username, handed_out, created)


def create_user(
    data: AccountData, *, password: str | None = None, now: datetime | None = None
) -> Created:
    """A new account; an existing username is refused (``user_exists``)."""
    now = now or timezone.now()
    unit = _check(data)
    if get_user_model().objects.filter(username=data.username).exists():
        raise ValidationFailed(
            "user_exists", gettext("用户名 %(username)s 已存在。") % {"username": data.username}
        )
    with transaction.atomic():
        return _save(data, unit, password, now)


def import_users(rows: list[AccountData], *, now: datetime | None = None) -> ImportReport:
    """Every row checked first; with any bad row nothing is written and the report names each
    one. Otherwise new usernames are created with one-time passwords and existing ones updated
    (name, role, unit, phone — never their password), so that the same sheet imports twice
    to the same result."""
    now = now or timezone.now()
    report = ImportReport()
    checked: list[tuple[AccountData, Unit | None]] = []
    seen: set[str] = set()
    for number, data in enumerate(rows, start=2):  # row 1 is the header
        try:
            if data.username in seen:
                raise ValidationFailed(
                    "duplicate_username",
                    gettext("用户名 %(username)s 重复。") % {"username": data.username},
                )
            seen.add(data.username)
            checked.append((data, _check(data)))
        except JiesuError as exc:
            report.bad_rows.append((number, exc.message))
    if report.bad_rows:
        return report
    with transaction.atomic():
        for data, unit in checked:
            result = _save(data, unit, None, now)
            if result.created:
                report.created.append(result)
            else:
                report.updated.append(data.username)
    return report


def password_set(user) -> None:
    """The person chose their own password: the one-time one is spent."""
    Account.objects.filter(user=user, must_set_password=True).update(must_set_password=False)


def must_set_password(user) -> bool:
    return Account.objects.filter(user=user, must_set_password=True).exists()
