"""GET /api/v1/units: the units by their stable code."""

from __future__ import annotations

from jiesu.organisation.models import Unit


def test_units_are_listed_by_code(api):
    # when
    response = api("operator").get("/units")
    # then every active unit once, ordered by its stable code
    assert response.status == 200
    codes = [u["code"] for u in response.body]
    assert codes == sorted(codes)
    assert set(codes) == set(Unit.objects.filter(active=True).values_list("code", flat=True))
    housing = next(u for u in response.body if u["code"] == "city-housing")
    assert housing == {
        "code": "city-housing",
        "name": "市住房和城乡建设局",
        "kind": "city_department",
        "kind_label": "市直部门",
        "region": "huangshi",
        "parent": "city-platform",
        "handling_unit": True,
    }


def test_villages_are_not_handling_units(api):
    body = api("operator").get("/units?kind=village").body
    assert {u["code"] for u in body} >= {"hsg-st-1-c1", "yx-st-2-c2"}
    assert all(u["handling_unit"] is False and u["kind"] == "village" for u in body)


def test_filter_by_region(api):
    body = api("handler").get("/units?region=hsg").body
    assert {u["region"] for u in body} == {"hsg"}
    assert "hsg-platform" in {u["code"] for u in body}


def test_inactive_units_are_not_listed(api):
    Unit.objects.filter(code="city-urban").update(active=False)
    assert "city-urban" not in {u["code"] for u in api("operator").get("/units").body}


def test_units_need_a_token(client, city):
    response = client.get("/api/v1/units")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
