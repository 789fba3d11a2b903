"""A tiny labelled history written for these tests, and a data directory of their own."""

from __future__ import annotations

import itertools

import pytest

from jiesu.intelligence import store

PLACES = ["花湖小区", "团城山小区", "八泉社区", "东岳花园", "铁山新村", "兴国镇"]
MATTERS = {
    "urban-property": [
        "物业不修楼道灯",
        "物业乱收停车费",
        "电梯坏了物业不管",
        "小区垃圾物业不清运",
    ],
    "env-noise": ["夜间施工噪音扰民", "广场舞音响太吵", "工地晚上打桩噪声大", "酒吧噪音影响睡眠"],
    "labour-wages": [
        "工地老板拖欠工资",
        "公司欠薪三个月",
        "农民工工资没有发放",
        "辞职后工资不结算",
    ],
}


def history() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for (code, matters), place in itertools.product(MATTERS.items(), PLACES):
        for matter in matters:
            texts.append(f"{place}{matter}，请有关部门尽快处理。")
            labels.append(code)
    return texts, labels


@pytest.fixture(autouse=True)
def _models_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    store.forget()
    yield
    store.forget()
