"""The fast cut gives jieba's words (precise mode, no HMM, whitespace dropped)."""

from __future__ import annotations

import jieba

from jiesu.intelligence.tests.conftest import history
from jiesu.intelligence.text import normalise
from jiesu.intelligence.wordcut import wordcut


def _jieba(text: str) -> list[str]:
    return [w for w in jieba.lcut(text, HMM=False) if w.strip()]


def test_the_cut_is_jiebas():
    texts = [normalise(t) for t in history()[0]] + [
        "",
        "  ",
        "中建五局员工医保卡 2011 年月购买医保 abc123 k9 县",
        "wifi密码 no.5 楼 3-2 室 #&% 物业费 50.5 元",
        "了了了了了",
        "反映!!! 物业, 不修灯? (急)",
    ]
    for text in texts:
        assert wordcut().cut(text) == _jieba(text), text
