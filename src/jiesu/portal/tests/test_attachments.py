"""What came with a ticket from outside is shown to those who handle it: the portal's photos and
an Open311 upload as thumbnails the application serves under the ticket's own rule, an Open311
``media_url`` as a link. Nobody else gets a byte."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from jiesu.integrations.models import Open311Request
from jiesu.portal.models import Photo
from jiesu.testing.builders import integration_key, person, portal_form
from jiesu.tickets import actions
from jiesu.tickets.models import Ticket

pytestmark = pytest.mark.usefixtures("city")


def picture(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def desk(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def portal_ticket_with_photo() -> tuple[Client, Ticket, Photo]:
    citizen = Client()
    photo = SimpleUploadedFile("楼道.png", picture(), "image/png")
    response = citizen.post("/portal/", portal_form(citizen, photos=[photo]))
    assert response.status_code == 302
    ticket = Ticket.objects.latest("id")
    return citizen, ticket, Photo.objects.get(ticket=ticket)


def test_the_desk_ticket_page_shows_the_citizens_photos_as_thumbnails():
    # given
    _, ticket, photo = portal_ticket_with_photo()
    operator = desk("operator")
    # when
    page = operator.get(f"/desk/t/{ticket.number}/").content.decode()
    thumb = operator.get(f"/portal/media/photo/{photo.pk}/?size=thumb")
    full = operator.get(f"/portal/media/photo/{photo.pk}/")
    # then
    assert 'id="ticket-media"' in page
    assert f"/portal/media/photo/{photo.pk}/?size=thumb" in page
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    assert full.status_code == 200 and full["Content-Type"] == "image/png"
    assert full["X-Content-Type-Options"] == "nosniff"


def test_only_who_sees_the_ticket_gets_the_photo():
    # given: a ticket dispatched to the housing bureau
    citizen, ticket, photo = portal_ticket_with_photo()
    actions.dispatch_ticket(ticket.number, main_unit="city-housing", actor=person("dispatcher"))
    url = f"/portal/media/photo/{photo.pk}/?size=thumb"
    # when / then
    assert desk("handler").get(url).status_code == 200  # the unit that holds it
    assert desk("water").get(url).status_code == 404  # another unit
    assert Client().get(url).status_code == 404  # nobody signed in, no query code shown
    assert citizen.get(url).status_code == 200  # the citizen who submitted it (session proof)
    assert desk("operator").get("/portal/media/photo/999999/").status_code == 404
    assert desk("operator").get(f"/portal/media/other/{photo.pk}/").status_code == 404


def test_a_page_without_attachments_shows_no_section():
    # given
    citizen = Client()
    citizen.post("/portal/", portal_form(citizen))
    ticket = Ticket.objects.latest("id")
    # when
    page = desk("operator").get(f"/desk/t/{ticket.number}/").content.decode()
    # then
    assert 'id="ticket-media"' not in page


def test_an_open311_upload_and_media_url_reach_the_desk():
    # given
    key = integration_key()
    body = {
        "api_key": key,
        "service_code": "urban-property",
        "address_string": "黄石港区花湖小区3栋",
        "description": "楼道灯坏了三个月",
        "media_url": "https://img.example.cn/p/1.jpg",
        "media": SimpleUploadedFile("灯.png", picture((400, 1000)), "image/png"),
    }
    # when
    response = Client().post("/open311/v2/requests.json", body)
    # then
    assert response.status_code == 201, response.content
    record = Open311Request.objects.get()
    assert record.media and record.media_type == "image/png"
    operator = desk("operator")
    page = operator.get(f"/desk/t/{record.ticket.number}/").content.decode()
    assert f"/portal/media/open311/{record.pk}/?size=thumb" in page
    assert "https://img.example.cn/p/1.jpg" in page and "noreferrer" in page
    thumb = operator.get(f"/portal/media/open311/{record.pk}/?size=thumb")
    assert thumb.status_code == 200
    assert Image.open(io.BytesIO(thumb.content)).size == (128, 320)


def test_an_open311_upload_that_is_no_picture_is_refused_and_nothing_is_written():
    # given
    key = integration_key()
    body = {
        "api_key": key,
        "service_code": "urban-property",
        "address_string": "黄石港区花湖小区3栋",
        "description": "楼道灯坏了三个月",
        "media": SimpleUploadedFile("x.jpg", b"#!/bin/sh\necho", "image/jpeg"),
    }
    # when
    response = Client().post("/open311/v2/requests.json", body)
    # then
    assert response.status_code == 400
    assert "不是照片" in response.json()[0]["description"]
    assert not Ticket.objects.exists()
