"""GET /api/v1/categories: the dispatch catalogue by stable code, with its routes."""

from __future__ import annotations

from jiesu.catalogue.models import Category


def test_categories_are_listed_by_code(api):
    response = api("operator").get("/categories")
    assert response.status == 200
    codes = [c["code"] for c in response.body]
    assert codes == sorted(codes)
    assert set(codes) == set(Category.objects.filter(active=True).values_list("code", flat=True))
    by_code = {c["code"]: c for c in response.body}
    item = by_code["urban-illegal-building"]
    assert {k: v for k, v in item.items() if k != "routes"} == {
        "code": "urban-illegal-building",
        "name": "违法建设",
        "parent": "urban",
        "legal_time_limit_days": None,
        "utility": False,
    }
    routes = {r["region"]: r for r in item["routes"]}
    assert len(routes) == len(item["routes"]) == 7  # city-wide + six counties (属地管理)
    assert routes[None] == {
        "region": None,
        "main_unit": "city-urban",
        "assist_units": ["city-land"],
    }
    # the county-level route names the county's own department (proposed to its platform)
    assert routes["hsg"] == {"region": "hsg", "main_unit": "hsg-urban", "assist_units": []}
    assert by_code["gov-info-disclosure"]["legal_time_limit_days"] == 20
    assert by_code["utility-water"]["utility"] is True
    assert by_code["urban"]["routes"] == [] and by_code["urban"]["parent"] is None


def test_inactive_categories_are_not_listed(api):
    Category.objects.filter(code="transport-bus").update(active=False)
    assert "transport-bus" not in {c["code"] for c in api("handler").get("/categories").body}
