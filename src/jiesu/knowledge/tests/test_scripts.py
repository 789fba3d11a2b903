"""The reply script: its Chinese wording pinned, and every piece of it through Django's
translation (a catalogue compiled by the test turns it into another language)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from jiesu.knowledge.scripts import NOTHING, reply_script
from jiesu.knowledge.search import Hit


def _hit(doc_id: int, title: str, number: str, issuer: str, passage: str) -> Hit:
    return Hit(
        passage_id=doc_id * 10,
        doc_id=doc_id,
        doc_title=title,
        doc_number=number,
        issuer=issuer,
        date=date(2025, 4, 2),
        kind="policy",
        heading="",
        passage=passage,
        score=1.0,
    )


TAXIS = _hit(
    1,
    "关于出租汽车经营权有偿使用的通知",
    "测交发〔2025〕3号",
    "测试市交通运输局、测试市财政局",
    "出租汽车经营权有偿使用期限为八年。期满后按规定重新配置。请认真贯彻执行。",
)
FARES = _hit(2, "出租汽车运价管理办法", "测发改〔2024〕9号", "测试市发展和改革委员会", "起步价…")
QUESTION = "出租车经营权能用几年"


def test_the_script_names_issuer_title_and_number_and_points_to_the_others():
    assert reply_script(QUESTION, [TAXIS, FARES]) == (
        "您好，关于您咨询的问题，根据测试市交通运输局等印发的"
        "《关于出租汽车经营权有偿使用的通知》（测交发〔2025〕3号）的规定："
        "出租汽车经营权有偿使用期限为八年。"
        "另可参阅《出租汽车运价管理办法》（测发改〔2024〕9号）。"
        "如需进一步了解，可咨询相关主管部门。"
    )


def test_a_document_without_number_or_issuer_is_cited_by_its_title_alone():
    bare = _hit(3, "《市民热线常见问答》", "", "", "出租汽车经营权有偿使用期限为八年。")
    assert reply_script(QUESTION, [bare]) == (
        "您好，关于您咨询的问题，根据《市民热线常见问答》的规定："
        "出租汽车经营权有偿使用期限为八年。如需进一步了解，可咨询相关主管部门。"
    )


def test_a_notice_that_prints_a_policy_is_cited_by_the_policy_it_prints():
    notice = _hit(
        4,
        "关于印发《测试市出租汽车经营权管理办法》的通知",
        "测政办发〔2025〕8号",
        "测试市人民政府办公室",
        "出租汽车经营权有偿使用期限为八年。",
    )
    assert reply_script(QUESTION, [notice]).startswith(
        "您好，关于您咨询的问题，根据测试市人民政府办公室印发的"
        "《测试市出租汽车经营权管理办法》（测政办发〔2025〕8号）的规定：出租汽车经营权"
    )


ENGLISH = {
    "《%(title)s》": "“%(title)s”",
    "%(title)s（%(number)s）": "%(title)s (%(number)s)",
    "%(issuer)s印发的": "issued by %(issuer)s ",
    "%(issuer)s等": "%(issuer)s et al.",
    "您好，关于您咨询的问题，根据%(source)s的规定：%(quoted)s": (
        "Hello. On your question, %(source)s provides: %(quoted)s"
    ),
    "另可参阅%(others)s。": " See also %(others)s.",
    "、": ", ",
    "如需进一步了解，可咨询相关主管部门。": " For more, ask the competent department.",
    NOTHING: "Hello. No rule was found; we will pass your request on.",
}


def _po(entries: dict[str, str]) -> str:
    def quote(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    head = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return head + "".join(
        f"#, python-format\nmsgid {quote(k)}\nmsgstr {quote(v)}\n\n" for k, v in entries.items()
    )


@pytest.fixture
def english(tmp_path: Path):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("GNU gettext's msgfmt is not installed")
    messages = tmp_path / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(_po(ENGLISH), encoding="utf-8")
    subprocess.run(
        [msgfmt, "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    with override_settings(LOCALE_PATHS=[str(tmp_path)]), translation.override("en"):
        yield


def test_every_piece_of_the_script_is_translatable(english):
    assert reply_script(QUESTION, [TAXIS, FARES]) == (
        "Hello. On your question, issued by 测试市交通运输局 et al. "
        "“关于出租汽车经营权有偿使用的通知” (测交发〔2025〕3号) provides: "
        "出租汽车经营权有偿使用期限为八年。"
        " See also “出租汽车运价管理办法” (测发改〔2024〕9号)."
        " For more, ask the competent department."
    )
    assert reply_script("火星移民签证", []).startswith("Hello. No rule was found")


def test_the_server_loads_the_segmenter_before_the_first_question():
    from jiesu.knowledge import segment

    segment.tokenizer.cache_clear()
    segment.warm_in_background().join(timeout=120)
    assert segment.tokenizer.cache_info().currsize == 1
