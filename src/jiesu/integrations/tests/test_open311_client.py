"""A real Open311 client from the package index (``georeport``) against a live server: it lists
services, reads a service definition, lists requests and follows one, in JSON and in XML.

``georeport`` 0.3 only reads (it has no POST and sends no ``api_key`` on reads), so the request
it follows is submitted here as any Open311 client posts one, and it reads the keyless view."""

from __future__ import annotations

import pytest

from jiesu.testing.builders import integration_key

georeport = pytest.importorskip("georeport")
requests = pytest.importorskip("requests")  # what georeport itself speaks HTTP with

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint(live_server, city):
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_an_open311_client_lists_services_submits_and_follows(endpoint, output_format):
    client = georeport.GeoReport(endpoint, output_format=output_format)
    # it lists the services of the dispatch catalogue
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert "urban-property" in codes and "utility-water" in codes
    water = services[codes.index("utility-water")]
    assert water["service_name"] == "停水及供水故障"
    # and reads a service definition
    definition = client.get_service_definition("urban-property")
    assert definition["service_code"] == "urban-property"
    # a request posted as the specification says (form fields, api_key)
    response = requests.post(
        f"{endpoint}/requests.json",
        data={
            "api_key": integration_key(),
            "service_code": "urban-property",
            "address_string": "黄石港区花湖小区3栋",
            "description": "楼道灯坏了三个月。",
            "phone": "13900001111",
        },
        timeout=10,
    )
    assert response.status_code == 201
    number = response.json()[0]["service_request_id"]
    # is listed and followed by the client
    listed = client.get_service_requests()
    if isinstance(listed, dict):  # xmltodict gives one item as a mapping
        listed = [listed]
    assert [r["service_request_id"] for r in listed] == [number]
    followed = client.get_service_request(number)
    assert (followed["service_request_id"], followed["status"]) == (number, "open")
    assert followed["status_notes"] == "已受理"
