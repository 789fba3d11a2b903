"""Matters behind the hotspots: tickets on one place and one problem grouped, labelled, scored,
and flagged when rising; GET /api/v1/hotspots for report readers; jiesu hotspots --json."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
from django.core.management import call_command

from jiesu.intelligence import clustering
from jiesu.intelligence.clustering import cluster
from jiesu.testing.builders import make_ticket, sh

NOISE = [
    "团城山搅拌站夜间噪音扰民",
    "团城山搅拌站噪音太大晚上睡不着",
    "投诉团城山搅拌站夜间施工噪音",
]
PARKING = ["伊景园小区捆绑销售车位", "伊景园捆绑销售车位问题", "投诉伊景园小区车位捆绑销售"]
OTHERS = ["养老保险转移咨询", "学校食堂卫生问题", "公交站牌损坏"]


def test_tickets_on_one_matter_are_grouped_and_others_left_alone():
    subjects = NOISE + PARKING + OTHERS
    groups = cluster(subjects, [""] * len(subjects))
    assert sorted(map(sorted, groups)) == [[0, 1, 2], [3, 4, 5]]


def test_a_group_held_by_a_place_alone_is_split_by_its_problems():
    # given: one group of tickets on one estate, two problems worded apart
    subjects = [
        "翠湖花园幼儿园迟迟不开园",
        "翠湖花园幼儿园为什么还不开园",
        "翠湖花园工地夜间施工噪音扰民",
        "翠湖花园工地半夜施工噪音太大",
    ]
    contents = [
        "我是翠湖花园的业主，小区配套幼儿园建好两年了一直不开园，孩子只能去很远的地方上学。",
        "翠湖花园小区的幼儿园早已竣工验收，为什么到现在还不开园招生？家长们每天接送很辛苦。",
        "翠湖花园旁边的工地每天晚上十一点以后还在施工，打桩声音很大，居民无法入睡。",
        "翠湖花园隔壁工地半夜浇筑混凝土，噪音扰民严重，老人小孩都睡不着，希望有关部门管一管。",
    ]
    t = clustering.texts(subjects, contents)
    # when
    found = clustering.split(np.zeros(4, dtype=int), t.pairs, clustering.SPLIT_SIMILARITY)
    # then: each problem keeps its tickets, the two problems come apart
    assert found[0] == found[1] != found[2] == found[3]


def test_the_split_leaves_single_tickets_and_like_groups_alone():
    t = clustering.texts(NOISE + ["养老保险转移咨询"], [""] * 4)
    found = clustering.split(np.array([0, 0, 0, 1]), t.pairs, clustering.SPLIT_SIMILARITY)
    assert found[0] == found[1] == found[2] != found[3]


def test_place_names_are_what_follows_an_administrative_unit():
    assert set(clustering.place_names("A7县中茂城恶意拖欠购房资金")) == {
        "中茂城",
        "中茂城恶",
        "中茂城恶意",
        "中茂城恶意拖",
    }
    # a unit inside a word (小区, 市场) is no unit; a punctuation mark ends the name
    assert clustering.place_names("翠湖小区夜间施工扰民") == []
    assert set(clustering.place_names("长沙市岳麓区梅溪湖，噪音")) == {
        "岳麓区",
        "岳麓区梅",
        "岳麓区梅溪",
        "岳麓区梅溪湖",
        "梅溪湖",
    }


def test_a_place_spelled_with_two_characters_swapped_is_one_place():
    # given: callers swap a name's characters (万润/润万, 富惠/惠富); another estate
    t = clustering.texts(
        ["A市万润滨江天著精装修价格", "A市润万滨江天著毛坯房质量", "A市滨江天城停车难"], [""] * 3
    )
    # then: the first two share a place, the third shares none with them
    assert t.places[0].multiply(t.places[1]).nnz > 0
    assert t.places[0].multiply(t.places[2]).nnz == 0


def test_parts_whose_subjects_name_one_rare_place_are_joined():
    # given: one matter in two wordings the strict stages keep apart (a refund from a shop
    # centre), a ticket on another place, and a ticket whose subject names no place
    subjects = [
        "A7县中茂城恶意拖欠购房资金不退还",
        "A7县中茂城恶意拖欠购房资金不退还！",
        "A7县中茂城格子铺企业老板欠款不还",
        "A7县中茂城企业老板外债累累欠款问题",
        "A3区翠湖花园工地夜间施工噪音扰民",
        "养老保险转移咨询",
    ]
    contents = [
        "本人在中茂城购买商铺一个，付了首付等了8个月不能网签，要求退款一直拖欠不退。",
        "本人在中茂城购买商铺一个，付了首付等了8个月不能网签，要求退款一直拖欠不退！",
        "购买了中茂城格子铺，由于企业老板外债累累，商铺被债权人冻结，钱要不回来。",
        "购买了中茂城格子铺，企业老板欠款数亿，商铺被冻结，请政府帮忙追回购房款。",
        "翠湖花园旁边的工地每天晚上施工，噪音很大。",
        "",
    ]
    t = clustering.texts(subjects, contents)
    # when: without the place names, and with them
    apart = clustering.joined(t, place_tickets=None)
    together = clustering.joined(t)
    # then: the place joins the two parts and nothing else
    assert apart[0] == apart[1] and apart[2] == apart[3] and apart[0] != apart[2]
    assert together[0] == together[1] == together[2] == together[3]
    assert len({together[0], together[4], together[5]}) == 3


def test_a_place_more_tickets_name_than_the_cap_joins_nothing():
    # given: one estate named by seven tickets on seven problems
    problems = [
        "夜间施工噪音",
        "电梯经常故障",
        "物业乱收停车费",
        "幼儿园不开园",
        "楼板开裂",
        "路灯不亮",
        "垃圾站臭气熏天",
    ]
    subjects = [f"A5区魅力之城{p}" for p in problems]
    t = clustering.texts(subjects, [""] * len(subjects))
    alone = clustering.joined(t, place_tickets=None)
    # when: the cap lets the estate join (seven tickets), and when it is one under
    allowed = clustering.joined(t, place_tickets=len(subjects))
    capped = clustering.joined(t, place_tickets=len(subjects) - 1)
    # then: the place joins all when allowed, nothing over the cap
    assert len(set(alone.tolist())) > 1
    assert len(set(allowed.tolist())) == 1
    assert (capped == alone).all()
    assert len(subjects) > clustering.PLACE_TICKETS


def test_fewer_than_two_tickets_make_no_matter():
    assert cluster(["一件"], [""]) == []


def _take_in():
    # the noise matter rises: one in the first half of the week, three in the second
    make_ticket(
        subject=NOISE[0], content="每晚施工", caller_phone="13900000001", now=sh(2025, 6, 16, 9)
    )
    for day, subject in zip((20, 21, 22), NOISE[1:] + NOISE[:1], strict=True):
        make_ticket(
            subject=subject,
            content="搅拌站噪音",
            caller_phone=f"139000000{day}",
            now=sh(2025, 6, day, 9),
        )
    for day, subject in zip((16, 17), PARKING[:2], strict=True):
        make_ticket(
            subject=subject,
            content="开发商捆绑销售",
            caller_phone="13700000000",
            now=sh(2025, 6, day, 9),
        )
    make_ticket(subject=OTHERS[0], now=sh(2025, 6, 18, 9))


def test_the_api_lists_matters_hottest_first_with_their_tickets(api):
    # given
    _take_in()
    # when
    got = api("dispatcher").get("/hotspots?from=2025-06-16&to=2025-06-22")
    # then
    assert got.status == 200, got.body
    assert got.body["tickets"] == 7
    first, second = got.body["matters"]
    assert "搅拌站" in first["label"] and first["count"] == 4 and first["callers"] == 4
    assert (first["first_half"], first["second_half"], first["rising"]) == (1, 3, True)
    assert first["heat"] > second["heat"]
    assert second["count"] == 2 and second["callers"] == 1 and not second["rising"]
    assert first["category"] == "物业管理" and first["region"] == "黄石市"
    assert len(first["tickets"][0]["number"]) == 15


def test_only_report_readers_see_matters_and_bad_dates_are_422(api):
    assert api("handler").get("/hotspots").status == 403
    assert api("dispatcher").get("/hotspots?from=2025-13-01").body["code"] == "invalid_date"
    assert api("dispatcher").get("/hotspots?from=2025-06-22&to=2025-06-16").status == 422
    assert api("dispatcher").get("/hotspots?to=9999-12-31").status == 422


def test_the_command_prints_json(city):
    _take_in()
    out = StringIO()
    call_command("hotspots", "--from", "2025-06-16", "--to", "2025-06-22", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [m["count"] for m in result["matters"]] == [4, 2]


def test_the_command_names_the_last_day_asked_for_not_the_day_after(city):
    out = StringIO()
    call_command("hotspots", "--from", "2025-06-16", "--to", "2025-06-22", stdout=out)
    assert out.getvalue().startswith("2025-06-16 至 2025-06-22：")
