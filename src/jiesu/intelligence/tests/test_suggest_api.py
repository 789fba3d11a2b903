"""POST /api/v1/suggest while the operator types, and ?suggestions=true on POST /api/v1/tickets:
category and units from the model and the catalogue, tickets on the same matter (一事多人), the
caller's earlier tickets on it (一人多次), and the C-class / merge proposal."""

from __future__ import annotations

import time_machine

from jiesu.intelligence import training
from jiesu.intelligence.models import MatterKey
from jiesu.intelligence.tests.conftest import history
from jiesu.testing.builders import T0, make_ticket, sh

NOISE = {
    "subject": "团城山小区旁工地夜间施工噪音扰民",
    "content": "每晚十一点后还在打桩，噪音很大，影响休息。",
}


def ticket_body(**over):
    body = {
        "channel": "phone",
        "subject": NOISE["subject"],
        "content": NOISE["content"],
        "appeal_type": "complaint",
        "caller": {"name": "李四", "phone": "13900000001"},
        "region": "xl",
    }
    body.update(over)
    return body


def test_intake_indexes_each_ticket(city):
    ticket = make_ticket(now=T0)
    assert MatterKey.objects.filter(ticket=ticket).count() == 16


def test_without_a_model_the_suggestions_say_so_and_still_find_the_matter(api):
    # given two earlier callers on the same matter
    with time_machine.travel(sh(2025, 6, 20, 9), tick=False):
        first = api("operator").post("/tickets", ticket_body(caller={"phone": "13900000002"}))
        api("operator").post("/tickets", ticket_body(caller={"phone": "13900000003"}))
    # when a third calls
    with time_machine.travel(T0, tick=False):
        got = api("operator").post("/suggest", {**NOISE, "phone": "13900000001", "region": "xl"})
    # then
    assert got.status == 200, got.body
    assert got.body["categories"] == [] and "尚未训练" in got.body["notice"]
    assert len(got.body["duplicates"]) == 2
    assert first.body["number"] in {d["number"] for d in got.body["duplicates"]}
    assert "同一区域（下陆区）" in got.body["duplicates"][0]["reason"]
    assert got.body["proposal"]["dispatch_class"] == "C"
    assert got.body["proposal"]["merge_into"] == first.body["number"]
    assert "一事多人：3位来电人" in got.body["proposal"]["reason"]


def test_the_same_caller_again_is_a_repeat_and_proposes_c(api):
    with time_machine.travel(sh(2025, 6, 20, 9), tick=False):
        earlier = api("operator").post("/tickets", ticket_body())
    with time_machine.travel(T0, tick=False):
        got = api("operator").post("/suggest", {**NOISE, "phone": "139 0000 0001"})
    assert [r["number"] for r in got.body["repeat_caller"]] == [earlier.body["number"]]
    assert got.body["repeat_caller"][0]["reason"].startswith("同一来电号码")
    assert "一人多次" in got.body["proposal"]["reason"]


def test_a_different_matter_is_no_duplicate(api):
    with time_machine.travel(sh(2025, 6, 20, 9), tick=False):
        api("operator").post("/tickets", ticket_body(caller={"phone": "13900000002"}))
    with time_machine.travel(T0, tick=False):
        got = api("operator").post(
            "/suggest", {"subject": "养老保险转移接续咨询", "content": "外地缴纳的养老保险怎么转入"}
        )
    assert got.body["duplicates"] == [] and got.body["proposal"] is None


def test_with_a_model_categories_and_units_come_from_it_and_the_catalogue(api):
    # given
    training.train_and_store(*history(), now=T0, held_out=0)
    # when
    got = api("operator").post("/suggest", NOISE)
    # then
    assert got.body["notice"] == ""
    top = got.body["categories"][0]
    assert (top["code"], top["name"], top["in_catalogue"]) == ("env-noise", "噪声扰民", True)
    units = {u["code"]: u for u in got.body["units"]}
    assert units["city-ecology"]["source"] == "catalogue"
    assert units["city-ecology"]["name"] == "市生态环境局"
    assert units["city-urban"]["source"] == "catalogue_assist"


def test_intake_returns_suggestions_only_when_asked(api):
    training.train_and_store(*history(), now=T0, held_out=0)
    plain = api("operator").post("/tickets", ticket_body())
    asked = api("operator").post("/tickets?suggestions=true", ticket_body())
    assert plain.status == asked.status == 201
    assert plain.body["suggestions"] is None
    assert asked.body["suggestions"]["categories"][0]["code"] == "env-noise"
    # the ticket is never its own duplicate or repeat; the earlier one is both
    assert [d["number"] for d in asked.body["suggestions"]["repeat_caller"]] == [
        plain.body["number"]
    ]


def test_only_those_who_take_calls_get_suggestions(api):
    assert api("citizen").post("/suggest", NOISE).status == 403
    assert api("handler").post("/suggest", NOISE).status == 403


def test_an_unknown_region_is_a_422_and_unknown_fields_are_refused(api):
    assert api("operator").post("/suggest", {**NOISE, "region": "nowhere"}).body["code"] == (
        "unknown_region"
    )
    assert api("operator").post("/suggest", {**NOISE, "extra": 1}).status == 422


def test_a_matter_with_many_tickets_offers_its_newest(city, monkeypatch, request):
    """The lookup reads at most ``_PER_KEY`` tickets per band key, the newest first: bounded
    however many calls a matter has had, and the latest of them are the ones offered."""
    from jiesu.intelligence import suggest

    monkeypatch.setattr(suggest, "_PER_KEY", 2)
    suggest._candidates_sql.cache_clear()
    request.addfinalizer(suggest._candidates_sql.cache_clear)  # written again with the real cap
    # given four earlier callers on one matter, a day apart
    numbers = [
        make_ticket(now=sh(2025, 6, 16 + day, 9), caller_phone=f"1390000001{day}", **NOISE).number
        for day in range(4)
    ]
    # when a fifth calls
    found = suggest.duplicates(suggest.Call(NOISE["subject"], NOISE["content"]), T0)
    # then the two newest are offered, not the older ones
    assert sorted(d["number"] for d in found) == sorted(numbers[2:])


def test_the_repeat_count_counts_every_earlier_call_not_only_those_listed(api):
    # given six earlier calls from this caller on the matter (more than the five listed)
    for hour in range(9, 15):
        with time_machine.travel(sh(2025, 6, 20, hour), tick=False):
            api("operator").post("/tickets", ticket_body())
    # when the caller phones a seventh time
    with time_machine.travel(T0, tick=False):
        got = api("operator").post("/suggest", {**NOISE, "phone": "13900000001"})
    # then five are listed and the proposal counts all seven calls
    assert len(got.body["repeat_caller"]) == 5
    assert "同一来电人第7次反映同一事项" in got.body["proposal"]["reason"]


def test_units_below_the_confidence_floor_are_not_offered(api, settings):
    # given: every unit the model and the catalogue give, without a floor
    training.train_and_store(*history(), now=T0, held_out=0)
    settings.JIESU_SUGGEST_UNIT_MIN_CONFIDENCE = 0.0
    every = api("operator").post("/suggest", NOISE).body["units"]
    assert len({u["confidence"] for u in every}) >= 2
    # when the floor is the best unit's confidence
    settings.JIESU_SUGGEST_UNIT_MIN_CONFIDENCE = every[0]["confidence"]
    shown = api("operator").post("/suggest", NOISE).body["units"]
    # then only the units at or above it are offered
    assert shown == [u for u in every if u["confidence"] >= every[0]["confidence"]]
    assert 0 < len(shown) < len(every)


def top_level_history() -> tuple[list[str], list[str]]:
    """The tiny history labelled the way many legacy exports are: by the top-level category
    only (环境保护, 城乡建设), which has no dispatch route of its own."""
    texts, labels = history()
    parents = {"env-noise": "env", "urban-property": "urban", "labour-wages": "labour"}
    return texts, [parents[label] for label in labels]


def test_a_top_level_category_offers_the_units_its_subcategories_route_to(api):
    # given a model that only knows top-level categories (环境保护 has no route; both of its
    # subcategories, 环境污染 and 噪声扰民, route to 市生态环境局)
    training.train_and_store(*top_level_history(), now=T0, held_out=0)
    # when
    got = api("operator").post("/suggest", NOISE).body
    # then the unit they share is offered with the category's whole confidence
    top = got["categories"][0]
    assert (top["code"], top["name"]) == ("env", "环境保护")
    units = {u["code"]: u for u in got["units"]}
    assert units["city-ecology"]["source"] == "catalogue_children"
    assert units["city-ecology"]["confidence"] == round(top["confidence"], 3)


def test_a_top_level_category_shares_its_confidence_among_the_units_of_its_subcategories(api):
    # given 城乡建设's four subcategories: two route to 市住建局, two to 市城管执法局
    training.train_and_store(*top_level_history(), now=T0, held_out=0)
    # when
    got = (
        api("operator").post("/suggest", {"subject": "花湖小区物业乱收停车费", "content": ""}).body
    )
    # then each unit gets the share of the subcategories routed to it
    top = got["categories"][0]
    assert top["code"] == "urban"
    units = {u["code"]: u for u in got["units"] if u["source"] == "catalogue_children"}
    assert set(units) == {"city-housing", "city-urban"}
    assert units["city-housing"]["confidence"] == round(top["confidence"] * 2 / 4, 3)
    assert units["city-urban"]["confidence"] == round(top["confidence"] * 2 / 4, 3)


def test_categories_the_model_all_but_rules_out_are_not_offered(api):
    # given a model certain of 环境保护 for a noise call (the tiny history leaves the other two
    # top-level categories below one per cent)
    training.train_and_store(*top_level_history(), now=T0, held_out=0)
    # when
    categories = api("operator").post("/suggest", NOISE).body["categories"]
    # then only the category it is sure of is offered: a chip reading 0 % is no choice
    assert [c["code"] for c in categories] == ["env"]
