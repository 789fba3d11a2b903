"""One input boundary (docs/decisions/0010-input-boundary.md): control characters and lone
surrogates in a path, a query or a JSON body, dates outside the accepted years, bodies of the wrong
kind or shape — all a clean 4xx JSON error with a stable code, nothing written, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiesu.testing.builders import T0, make_ticket
from jiesu.tickets.models import Ticket

BAD_TEXTS = ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\ud800b", "a\x85b"]


def call(api, username: str, method: str, path: str, body=None, **extra):
    """Like ``api(username)``, with the raw Django response (headers and all)."""
    client = api(username)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {client.token}", **extra}
    if body is not None:
        kwargs.setdefault("data", json.dumps(body))
        kwargs.setdefault("content_type", "application/json")
    return getattr(client.client, method)("/api/v1" + path, **kwargs)


def intake_body(**over):
    body = {
        "channel": "phone",
        "caller": {"name": "张三", "phone": "13800138000"},
        "subject": "楼道灯不亮",
        "content": "花湖小区3栋楼道灯坏了三个月",
        "appeal_type": "complaint",
        "region": "huangshi",
    }
    return {**body, **over}


@pytest.mark.parametrize("text", BAD_TEXTS, ids=repr)
def test_control_characters_and_lone_surrogates_in_a_body_are_refused(api, text):
    # given a ticket count before
    before = Ticket.objects.count()
    # when a citizen-facing text carries a control character or a lone surrogate
    response = call(api, "operator", "post", "/tickets", intake_body(subject=text))
    # then it is refused, naming the field, and nothing is written
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_characters" and body["field"] == "subject"
    assert "字符" in body["message"]
    assert Ticket.objects.count() == before


def test_nested_fields_and_lists_are_checked_too(api):
    response = call(
        api,
        "operator",
        "post",
        "/tickets",
        intake_body(caller={"name": "张\x00三", "phone": "13800138000"}),
    )
    assert (response.status_code, response.json()["field"]) == (422, "caller.name")
    number = make_ticket().number
    response = call(
        api,
        "operator",
        "post",
        f"/tickets/{number}/dispatch",
        {"main_unit": "city-housing", "assist_units": ["hs\x00"]},
    )
    assert (response.status_code, response.json()["field"]) == (422, "assist_units.0")


def test_line_breaks_and_tabs_are_kept_in_long_text(api):
    response = call(
        api, "operator", "post", "/tickets", intake_body(content="第一行\r\n第二行\t完")
    )
    assert response.status_code == 201, response.json()
    assert Ticket.objects.get(number=response.json()["number"]).content == "第一行\r\n第二行\t完"


@pytest.mark.parametrize(
    "path",
    [
        "/tickets/a%00b",
        "/tickets/a%07b/events",
        "/tickets?unit=a%00b",
        "/tickets?status=x&unit=a%ED%A0%80",
        "/units?region=a%00b",
        "/tickets?a%00=1",
    ],
)
@pytest.mark.parametrize("who", ["operator", "citizen"])
def test_control_characters_in_a_path_or_query_are_refused(api, path, who):
    response = call(api, who, "get", path)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_characters"


def test_control_characters_in_a_desk_address_are_a_400_page(city, client):
    client.force_login(Ticket._meta.apps.get_model("auth", "User").objects.get(username="operator"))
    response = client.get("/desk/t/a%00b/")
    assert response.status_code == 400
    assert "字符" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/calendar/add-workdays?start=9999-12-31T23:59&days=1", "date_out_of_range"),
        ("/calendar/add-workdays?start=1999-12-31T23:59&days=1", "date_out_of_range"),
        ("/returns/stats?from=0001-01-01&to=2025-01-01", "date_out_of_range"),
    ],
)
def test_dates_outside_the_accepted_years_are_refused(api, path, code):
    response = call(api, "supervisor", "get", path)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code and "2000" in body["message"] and "2100" in body["message"]


def test_a_supervision_deadline_in_year_9999_is_refused(api):
    number = make_ticket().number
    response = call(
        api,
        "supervisor",
        "post",
        f"/tickets/{number}/supervise",
        {"reason": "久拖不决", "deadline": "9999-12-31T23:00:00-05:00"},
    )
    assert response.status_code == 422, response.content
    assert (response.json()["code"], response.json()["field"]) == ("date_out_of_range", "deadline")


def test_dates_inside_the_accepted_years_still_work(api):
    response = call(api, "operator", "get", "/calendar/add-workdays?start=2025-09-26T15:00&days=1")
    assert response.status_code == 200
    assert response.json()["deadline"] == "2025-09-28T15:00:00+08:00"


# --- body kinds and shapes --------------------------------------------------------------------


def test_json_as_text_plain_is_refused(api):
    response = call(
        api,
        "operator",
        "post",
        "/tickets",
        data=json.dumps(intake_body()),
        content_type="text/plain",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_json_in_utf16_is_refused(api):
    data = json.dumps(intake_body(), ensure_ascii=False).encode("utf-16")
    response = call(api, "operator", "post", "/tickets", data=data, content_type="application/json")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    response = call(
        api,
        "operator",
        "post",
        "/tickets",
        data=json.dumps(intake_body()).encode(),
        content_type="application/json; charset=latin-1",
    )
    assert response.status_code == 415


def test_utf8_json_with_its_charset_is_accepted(api):
    data = json.dumps(intake_body(), ensure_ascii=False).encode()
    response = call(
        api,
        "operator",
        "post",
        "/tickets",
        data=data,
        content_type="application/json; charset=utf-8",
    )
    assert response.status_code == 201, response.content


def test_a_missing_body_says_so(api):
    number = make_ticket().number
    response = call(
        api,
        "operator",
        "post",
        f"/tickets/{number}/dispatch",
        data=b"",
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "：。" not in body["message"] and "请求体" in body["message"]


def test_a_large_multipart_body_to_a_json_endpoint_is_a_clean_4xx(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = {
        "file": SimpleUploadedFile("a.pdf", b"%PDF" + b"x" * 5000, content_type="application/pdf")
    }
    client = api("operator")
    response = client.client.post(
        "/api/v1/tickets", data, HTTP_AUTHORIZATION=f"Bearer {client.token}"
    )
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"


def test_a_small_multipart_body_to_a_json_endpoint_is_415(api):
    data = {"subject": "x"}
    client = api("operator")
    response = client.client.post(
        "/api/v1/tickets", data, HTTP_AUTHORIZATION=f"Bearer {client.token}"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_malformed_multipart_to_the_statement_upload_is_400(api):
    client = api("handler")
    response = client.client.post(
        "/api/v1/returns/1/statement",
        data=b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "malformed_body"


@pytest.mark.parametrize("name", ["a" * 5000 + ".pdf", "说" * 201])
def test_an_overlong_file_name_is_refused(api, name):
    client = api("handler")
    response = client.client.post(
        "/api/v1/returns/1/statement",
        {"file": SimpleUploadedFile(name, b"%PDF-1.4\n", content_type="application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert response.status_code == 422, response.content
    assert (response.json()["code"], response.json()["field"]) == ("file_name_too_long", "file")


def test_api_responses_are_not_cached(api):
    response = call(api, "operator", "get", "/units")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    response = call(api, "operator", "get", "/tickets/nope")
    assert "no-store" in response["Cache-Control"]


# --- the desk ---------------------------------------------------------------------------------


def test_desk_forms_refuse_control_characters():
    from jiesu.desk.ticket_forms import CallbackForm, ContentForm, DispatchForm

    for text in BAD_TEXTS:
        form = ContentForm({"content": f"答复{text}"})
        assert not form.is_valid() and "content" in form.errors, text
    units = [("city-housing", "市住房和城乡建设局")]
    form = DispatchForm({"main_unit": "市住房和城乡建设局\x00", "assist_units": ""}, units=units)
    assert not form.is_valid() and "main_unit" in form.errors
    form = CallbackForm({"result": "satisfied", "comment": "好\ud800"})
    assert not form.is_valid() and "comment" in form.errors
    assert ContentForm({"content": "第一行\r\n第二行\t完"}).is_valid()


def test_a_desk_500_logs_its_traceback_with_debug_off(settings):
    # Django's own console handler only writes while DEBUG is on; in production a desk 500 must
    # still reach the console (the API's 500s are logged under jiesu.api).
    assert settings.DEBUG is False
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /desk/", None, None
    )
    logger, writers = logging.getLogger("django.request"), []
    while logger is not None:
        writers += [
            h
            for h in logger.handlers
            if isinstance(h, logging.StreamHandler)
            and not type(h).__module__.startswith("_pytest")  # pytest's own capture
            and h.level <= logging.ERROR
            and h.filter(record)
        ]
        logger = logger.parent if logger.propagate else None
    assert writers


def test_t0_is_inside_the_accepted_years():
    from jiesu.core.inputs import check_year

    assert check_year(T0, field="start") is T0


@pytest.mark.parametrize("text", ["9999-12-31T23:59-05:00", "0001-01-01T00:00+14:00", "1999-12-31"])
def test_calendar_arithmetic_refuses_years_outside_the_range_before_it_can_overflow(text):
    # the CLI (`jiesu calendar add-workdays`) parses with the same function as the API
    from jiesu.core.errors import ValidationFailed
    from jiesu.workdays.parsing import parse_start

    with pytest.raises(ValidationFailed) as refused:
        parse_start(text)
    assert refused.value.code == "date_out_of_range"
