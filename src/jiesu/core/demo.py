"""Load the demo city (see demo_city.py) idempotently."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext

from jiesu.catalogue.models import Category, Route
from jiesu.core import demo_city as city
from jiesu.organisation.choices import RegionLevel, UnitKind
from jiesu.organisation.models import Membership, Region, Unit


def _unit(code, name, kind, region, parent=None) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "region": region, "parent": parent, "active": True},
    )
    return unit


def _organisation() -> None:
    hs, _ = Region.objects.update_or_create(
        code=city.CITY[0], defaults={"name": city.CITY[1], "level": RegionLevel.CITY}
    )
    platform = _unit("city-platform", city.CITY_PLATFORM, UnitKind.PLATFORM, hs)
    # the enterprise service centre's 兜底办 (docs/enterprise.md): a city-level desk of its own
    _unit("city-qyfw", city.ENTERPRISE_DESK, UnitKind.PLATFORM, hs, platform)
    for code, name in city.CITY_DEPARTMENTS:
        _unit(f"city-{code}", name, UnitKind.CITY_DEPARTMENT, hs, platform)
    for code, name in city.UTILITIES:
        _unit(f"hs-{code}", name, UnitKind.ENTERPRISE, hs, platform)
    for code, name, townships, communities in city.COUNTIES:
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": RegionLevel.COUNTY, "parent": hs}
        )
        county_platform = _unit(
            f"{code}-platform",
            name + city.COUNTY_PLATFORM_SUFFIX,
            UnitKind.PLATFORM,
            region,
            platform,
        )
        for dcode, dname in city.COUNTY_DEPARTMENTS:
            _unit(
                f"{code}-{dcode}",
                f"{name}{dname}",
                UnitKind.COUNTY_DEPARTMENT,
                region,
                county_platform,
            )
        streets = [
            _unit(f"{code}-st-{i}", tname, UnitKind.TOWNSHIP, region, county_platform)
            for i, tname in enumerate(townships, start=1)
        ]
        for j, (cname, idx) in enumerate(communities, start=1):
            _unit(f"{code}-st-{idx + 1}-c{j}", cname, UnitKind.VILLAGE, region, streets[idx])


def _catalogue() -> None:
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY))
    for code, name, parent, legal, utility, main, assists, local in city.CATEGORIES:
        cat, _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": Category.objects.get(code=parent) if parent else None,
                "legal_time_limit_days": legal,
                "utility": utility,
                "active": True,
            },
        )
        if main is None:
            continue
        route, _ = Route.objects.update_or_create(
            category=cat, region=None, defaults={"main_unit": Unit.objects.get(code=main)}
        )
        route.assist_units.set(Unit.objects.filter(code__in=assists))
        if local:
            # 属地管理: the county's own department where it has one (the county platform's
            # proposal; the city platform's is then that county's platform), else the platform
            for region in counties:
                county_unit = Unit.objects.filter(
                    code=f"{region.code}-{main.split('-', 1)[1]}"
                ).first() or Unit.objects.get(code=f"{region.code}-platform")
                Route.objects.update_or_create(
                    category=cat, region=region, defaults={"main_unit": county_unit}
                )


def _users() -> list[tuple[str, str, str, str]]:
    User = get_user_model()
    logins = []
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(city.DEMO_PASSWORD)
        admin.save()
    logins.append(("admin", city.DEMO_PASSWORD, gettext("管理员"), "-"))
    for username, role, unit_code, display in city.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": display}
        )
        if created:
            user.set_password(city.DEMO_PASSWORD)
            user.save()
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
        logins.append(
            (
                username,
                city.DEMO_PASSWORD,
                Membership(role=role).get_role_display(),
                unit.name if unit else "-",
            )
        )
    return logins


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    """Load (or refresh) the demo city; return the demo logins (username, password, role, unit)."""
    _organisation()
    _catalogue()
    return _users()
