"""The 兜底办 desk pages: register, accept, coordinate; only the steps allowed now are offered."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from jiesu.enterprise.models import EnterpriseCase
from jiesu.testing.builders import CREDIT_CODE


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


FORM = {
    "company_name": "黄石某新材料有限公司",
    "credit_code": CREDIT_CODE,
    "contact_name": "李经理",
    "contact_phone": "13972000000",
    "gap": "no_lead",
    "subject": "新型材料生产许可无对应审批部门",
    "content": "各部门均表示不归本部门管理。",
    "address": "",
}


def test_the_centre_registers_accepts_and_coordinates_from_the_desk(city):
    # given
    desk = login("qyfw")
    # when
    registered = desk.post("/enterprise/new/", FORM)
    case = EnterpriseCase.objects.get()
    page = desk.get(f"/enterprise/{case.pk}/").content.decode()
    desk.post(f"/enterprise/{case.pk}/accept/", {k: FORM[k] for k in list(FORM)[:4]})
    accepted_page = desk.get(f"/enterprise/{case.pk}/").content.decode()
    desk.post(
        f"/enterprise/{case.pk}/coordinate/", {"lead": "city-housing", "helpers": ["city-land"]}
    )
    coordinated_page = desk.get(f"/enterprise/{case.pk}/").content.decode()
    listing = desk.get("/enterprise/").content.decode()
    # then
    assert registered.status_code == 302
    assert 'id="accept"' in page and 'id="coordinate"' not in page
    assert 'id="coordinate"' in accepted_page and 'id="accept"' not in accepted_page
    assert "市住房和城乡建设局" in coordinated_page and "主办" in coordinated_page
    assert 'id="escalate"' in coordinated_page and 'id="coordinate"' not in coordinated_page
    assert case.ticket.number in listing and "兜底办" in listing


def test_a_bad_credit_code_is_shown_on_the_form_and_nothing_is_written(city):
    # when
    response = login("qyfw").post("/enterprise/new/", {**FORM, "credit_code": "91110000802100433C"})
    # then
    assert response.status_code == 200
    assert "统一社会信用代码不正确" in response.content.decode()
    assert not EnterpriseCase.objects.exists()


def test_others_see_no_case_and_no_link(city):
    # given
    login("qyfw").post("/enterprise/new/", FORM)
    case = EnterpriseCase.objects.get()
    handler = login("handler")
    # when
    page = handler.get(f"/enterprise/{case.pk}/")
    desk = handler.get("/desk/").content.decode()
    # then
    assert page.status_code == 404
    assert "/enterprise/" not in desk
