"""Who may hand work to whom (R1–R3): pure checks on the demo city's units."""

from __future__ import annotations

import pytest

from jiesu.core.errors import ValidationFailed
from jiesu.organisation.models import Region, Unit
from jiesu.organisation.rules import check_handling_unit, region_within

pytestmark = pytest.mark.usefixtures("city")


def unit(code: str) -> Unit:
    return Unit.objects.select_related("region__parent").get(code=code)


@pytest.mark.parametrize(
    ("platform", "target"),
    [
        ("city-platform", "city-housing"),  # a city department
        ("city-platform", "hs-water"),  # a utility, directly (R8)
        ("city-platform", "hsg-platform"),  # a county platform
        ("city-platform", "yx-platform"),
        ("hsg-platform", "hsg-housing"),  # a county department of its own area
        ("hsg-platform", "hsg-st-1"),  # a street of its own area
        ("yx-platform", "yx-st-2"),  # a township
    ],
)
def test_allowed(platform, target):
    check_handling_unit(unit(platform), unit(target))  # no error


@pytest.mark.parametrize(
    ("platform", "target", "code", "rule"),
    [
        # R2: villages and communities never handle, whoever dispatches
        ("city-platform", "hsg-st-1-c1", "village_not_handling_unit", "R2"),
        ("hsg-platform", "hsg-st-1-c1", "village_not_handling_unit", "R2"),
        ("yx-platform", "yx-st-2-c2", "village_not_handling_unit", "R2"),
        # R3: the city platform goes through the county platform
        ("city-platform", "hsg-st-1", "unit_not_dispatchable", "R3"),
        ("city-platform", "hsg-housing", "unit_not_dispatchable", "R3"),
        ("city-platform", "city-platform", "unit_not_dispatchable", "R3"),
        # R3: a county platform stays inside its area and below itself
        ("hsg-platform", "xss-st-1", "unit_not_dispatchable", "R3"),
        ("hsg-platform", "xss-housing", "unit_not_dispatchable", "R3"),
        ("hsg-platform", "city-housing", "unit_not_dispatchable", "R3"),
        ("hsg-platform", "hs-water", "unit_not_dispatchable", "R3"),
        ("hsg-platform", "xss-platform", "unit_not_dispatchable", "R3"),
        # a unit that is not a platform dispatches to nobody
        ("city-housing", "city-urban", "unit_not_dispatchable", "R3"),
        ("hsg-st-1", "hsg-housing", "unit_not_dispatchable", "R3"),
    ],
)
def test_refused(platform, target, code, rule):
    with pytest.raises(ValidationFailed) as exc:
        check_handling_unit(unit(platform), unit(target))
    assert exc.value.code == code
    assert exc.value.details == {"rule": rule, "unit": target}
    assert f"（{rule}）" in exc.value.message


def test_an_inactive_unit_gets_no_work():
    Unit.objects.filter(code="city-urban").update(active=False)
    with pytest.raises(ValidationFailed) as exc:
        check_handling_unit(unit("city-platform"), unit("city-urban"))
    assert exc.value.code == "unit_inactive"


def test_region_within():
    hs, hsg, xss = (Region.objects.get(code=c) for c in ("huangshi", "hsg", "xss"))
    assert region_within(hsg, hs) and region_within(hsg, hsg) and region_within(hs, hs)
    assert not region_within(hs, hsg) and not region_within(xss, hsg)


def test_every_county_has_one_platform_under_the_city_platform():
    # R1: two platform levels
    counties = Region.objects.filter(level="county")
    assert counties.count() == 6
    for region in counties:
        (platform,) = Unit.objects.filter(kind="platform", region=region)
        assert platform.is_county_platform and not platform.is_city_platform
        assert platform.parent.code == "city-platform"
    assert unit("city-platform").is_city_platform
