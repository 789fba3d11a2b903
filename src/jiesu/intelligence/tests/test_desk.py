"""The desk's suggestion panel (htmx partial for the intake form) and the hotspot page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jiesu.testing.builders import make_ticket


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_panel_shows_the_same_matter_while_typing(city):
    earlier = make_ticket(caller_phone="13900000009")
    page = login("operator").get(
        "/desk/suggest/",
        {"subject": "小区楼道灯长期不亮", "content": "花湖小区3栋楼道灯坏了", "phone": "1390000"},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert earlier.number in text and "疑似同一事项" in text
    assert "分类建议暂不可用" in text  # no model trained yet


def test_an_empty_form_asks_for_text_and_a_bad_region_is_ignored(city):
    page = login("operator").get("/desk/suggest/", {"region": "nowhere"})
    assert "输入标题或内容后显示智能建议" in page.content.decode()


@pytest.mark.parametrize(
    ("username", "panel", "hotspots"),
    [("operator", 200, 200), ("handler", 403, 403), ("leader", 403, 200)],
)
def test_who_sees_what(city, username, panel, hotspots):
    client = login(username)
    assert client.get("/desk/suggest/", {"subject": "x"}).status_code == panel
    assert client.get("/desk/hotspots/").status_code == hotspots


def test_the_hotspot_page_lists_the_matters_and_links_it_in_the_frame(city):
    from jiesu.testing.builders import sh

    for day in (16, 17, 18):
        make_ticket(
            subject="团城山搅拌站夜间噪音扰民",
            caller_phone=f"139000000{day}",
            now=sh(2025, 6, day, 9),
        )
    page = login("dispatcher").get("/desk/hotspots/", {"from": "2025-06-16", "to": "2025-06-22"})
    text = page.content.decode()
    assert "团城山搅拌站夜间噪音扰民" in text and "热点事项" in text
    assert "2025年6月16日至2025年6月22日共 3 件诉求，聚为 1 个事项" in text
    assert 'href="/desk/hotspots/"' in text
    bad = login("dispatcher").get("/desk/hotspots/", {"from": "junk"})
    assert "日期格式应为" in bad.content.decode()


def test_the_first_nine_suggestions_are_numbered_for_alt_keys_in_panel_order(city):
    from jiesu.intelligence import training
    from jiesu.intelligence.tests.conftest import history
    from jiesu.testing.builders import T0

    # given a trained model and an earlier call on the same matter
    training.train_and_store(*history(), now=T0, held_out=0)
    earlier = make_ticket(subject="团城山小区夜间施工噪音扰民", content="工地晚上打桩噪声大")
    # when the operator types the matter
    page = login("operator").get(
        "/desk/suggest/", {"subject": "团城山小区夜间施工噪音扰民", "content": "工地晚上打桩噪声大"}
    )
    text = page.content.decode()
    # then categories come first (Alt+1…), then units, then the merge candidate, each with its
    # key in the chip's text and the field it fills
    chips = re.findall(r'data-fill="(\w+)" data-value="([^"]+)"[^>]*data-key="(\d)"', text)
    fills = [fill for fill, _, _ in chips]
    offered = fills.count("category")
    assert offered >= 1 and fills[:offered] == ["category"] * offered
    assert fills.index("main_unit") == offered
    assert ("merge_into", earlier.number) in [(f, v) for f, v, _ in chips]
    assert [int(k) for _, _, k in chips] == list(range(1, len(chips) + 1))
    assert "<kbd>Alt+1</kbd>" in text and f"<kbd>Alt+{len(chips)}</kbd>" in text


def test_the_callers_own_earlier_tickets_are_shown_once_under_the_caller(city):
    # given another caller's ticket on the matter, and two of this caller's
    other = make_ticket(caller_phone="13900000021")
    own = [make_ticket(caller_phone="13900000022") for _ in range(2)]
    # when the caller phones again about it
    page = login("operator").get(
        "/desk/suggest/",
        {
            "subject": "小区楼道灯长期不亮",
            "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。",
            "phone": "13900000022",
        },
    )
    text = page.content.decode()
    # then each ticket is offered once: the other caller's under 一事多人, the caller's own
    # under 一人多次 only
    for ticket in (other, *own):
        assert text.count(f'data-value="{ticket.number}"') == 1, ticket.number
    same_matter, callers_own = text.split("疑似同一事项")[1].split("该来电人此前反映")
    assert other.number in same_matter and own[0].number in callers_own
    assert own[0].number not in same_matter


def test_a_ticket_that_cannot_take_a_merge_is_shown_without_a_merge_key(city):
    from jiesu.tickets.choices import TicketStatus
    from jiesu.tickets.models import Ticket

    # given two tickets on the matter from other callers, one of them closed
    closed = make_ticket(caller_phone="13900000031")
    Ticket.objects.filter(pk=closed.pk).update(status=TicketStatus.CLOSED)
    live = make_ticket(caller_phone="13900000032")
    # when the matter is typed
    page = login("operator").get(
        "/desk/suggest/",
        {"subject": "小区楼道灯长期不亮", "content": "花湖小区3栋楼道灯坏了三个月，物业一直不修。"},
    )
    text = page.content.decode()
    # then the live one is a keyed merge chip; the closed one is listed, not offered for a merge
    assert f'data-fill="merge_into" data-value="{live.number}"' in text
    assert f'data-value="{closed.number}"' not in text
    assert closed.number in text and "不可并入" in text


def test_with_categories_but_no_likely_unit_the_panel_says_why(city, settings):
    from jiesu.intelligence import training
    from jiesu.intelligence.tests.conftest import history
    from jiesu.testing.builders import T0

    # given a model, and a floor no unit reaches
    training.train_and_store(*history(), now=T0, held_out=0)
    settings.JIESU_SUGGEST_UNIT_MIN_CONFIDENCE = 1.01
    # when the operator types a matter
    page = login("operator").get(
        "/desk/suggest/", {"subject": "团城山小区夜间施工噪音扰民", "content": "工地晚上打桩"}
    )
    # then the categories are offered, and the unit slot says why it is empty
    text = page.content.decode()
    assert "派单目录" in text and 'data-fill="category"' in text
    assert 'data-fill="main_unit"' not in text
    assert "暂无把握较大的单位建议" in text


def test_a_unit_from_the_subcategories_routes_says_where_it_comes_from(city):
    from jiesu.intelligence import training
    from jiesu.intelligence.tests.test_suggest_api import top_level_history
    from jiesu.testing.builders import T0

    # given a model that knows only top-level categories (环境保护 has no route of its own)
    training.train_and_store(*top_level_history(), now=T0, held_out=0)
    # when the operator types a noise matter
    page = login("operator").get(
        "/desk/suggest/", {"subject": "团城山小区夜间施工噪音扰民", "content": "工地晚上打桩"}
    )
    # then 市生态环境局 is offered, labelled as coming from the subcategories' routes
    text = page.content.decode()
    assert 'data-fill="main_unit" data-value="city-ecology"' in text
    assert "下级类别路由" in text
