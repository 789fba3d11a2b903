"""The dispatch catalogue's routes (R6): the most specific route wins — the region before the
city-wide default, the category before its parent."""

from __future__ import annotations

import pytest

from jiesu.catalogue.models import Category, Route
from jiesu.catalogue.queries import route_for
from jiesu.organisation.models import Region, Unit

pytestmark = pytest.mark.usefixtures("city")


def cat(code: str) -> Category:
    return Category.objects.get(code=code)


def region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def test_city_wide_default():
    route = route_for(cat("urban-illegal-building"), region("huangshi"))
    assert route.main_unit.code == "city-urban"
    assert [u.code for u in route.assist_units.all()] == ["city-land"]


def test_a_county_route_wins_in_its_county():
    # 属地管理: a local matter in 黄石港区 belongs to that county (its own department; the city
    # platform hands it to the county platform, see test_proposal)
    assert route_for(cat("urban-property"), region("hsg")).main_unit.code == "hsg-housing"
    assert route_for(cat("urban-property"), region("huangshi")).main_unit.code == "city-housing"


def test_a_matter_that_is_not_local_stays_with_the_city_department_everywhere():
    assert route_for(cat("labour-pension"), region("yx")).main_unit.code == "city-hrss"


def test_without_region_the_city_wide_route():
    assert route_for(cat("utility-water"), None).main_unit.code == "hs-water"


def test_a_category_without_route_falls_back_to_its_parent():
    # given a new item under 城乡建设 without its own route, and a route on the parent
    child = Category.objects.create(code="urban-elevators", name="加装电梯", parent=cat("urban"))
    Route.objects.create(
        category=cat("urban"), region=None, main_unit=Unit.objects.get(code="city-housing")
    )
    # then
    assert route_for(child, region("hsg")).main_unit.code == "city-housing"


def test_no_route_at_all():
    assert route_for(cat("env"), region("hsg")) is None
