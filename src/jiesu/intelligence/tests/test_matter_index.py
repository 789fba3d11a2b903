"""The same-matter index across a change of its key formula (decision 0109): every key carries
its scheme's number, so keys of an older scheme never meet this one's; the system knows and says
when the index still holds older keys; ``jiesu matters reindex`` rewrites them in batches and is
safe to re-run or resume."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.intelligence import matching, matterindex, suggest
from jiesu.intelligence.models import MatterKey
from jiesu.intelligence.similarity import cosines
from jiesu.testing.builders import T0, make_ticket, sh

pytestmark = pytest.mark.django_db

NOISE = {
    "subject": "团城山小区旁工地夜间施工噪音扰民",
    "content": "每晚十一点后还在打桩，噪音很大，影响休息。",
}
#: the same matter told by another caller in other words
REWORDED = {
    "subject": "团城山小区旁的工地半夜施工",
    "content": "工地半夜还在打桩，噪音大，影响居民休息。",
}
UNRELATED = {"subject": "养老保险转移接续咨询", "content": "外地缴纳的养老保险怎么转入本市"}


def _old_scheme(ticket) -> None:
    """Make the ticket's keys look as an older release wrote them (scheme 0: no scheme bits)."""
    rows = list(MatterKey.objects.filter(ticket=ticket))
    for row in rows:
        row.key = row.key & ((1 << matching.SCHEME_SHIFT) - 1)
    MatterKey.objects.bulk_update(rows, ["key"])


@pytest.fixture(autouse=True)
def _fresh_state():
    matterindex.forget()
    yield
    matterindex.forget()


def test_every_key_carries_the_scheme():
    keys = matching.band_keys(matching.shingles(NOISE["subject"], NOISE["content"]))
    assert len(keys) == matching.BANDS
    assert {matching.scheme_of(k) for k in keys} == {matching.SCHEME}
    assert all(0 < k < 1 << 63 for k in keys)  # a signed BIGINT


def test_a_reworded_call_on_the_same_matter_is_found_and_an_unrelated_one_is_not(city):
    earlier = make_ticket(now=sh(2025, 6, 20, 9), caller_phone="13900000002", **NOISE)
    found = suggest.duplicates(suggest.Call(REWORDED["subject"], REWORDED["content"]), T0)
    assert [d["number"] for d in found] == [earlier.number]
    # the score is the TF-IDF cosine of the two texts (no region or address given: no bonus)
    cosine = cosines(matching.matter_text(**REWORDED), [matching.matter_text(**NOISE)])[0]
    assert found[0]["similarity"] == round(cosine, 3)
    assert found[0]["reason"].startswith(f"内容相似度{round(cosine * 100)}%")
    assert suggest.duplicates(suggest.Call(UNRELATED["subject"], UNRELATED["content"]), T0) == []


def test_a_stale_index_gives_fewer_suggestions_and_says_so(city, caplog):
    # given an earlier ticket whose keys an older release wrote, and a newer one's current keys
    old = make_ticket(now=sh(2025, 6, 19, 9), caller_phone="13900000002", **NOISE)
    new = make_ticket(now=sh(2025, 6, 20, 9), caller_phone="13900000003", **NOISE)
    _old_scheme(old)
    matterindex.forget()
    # when a call on the matter comes
    with caplog.at_level(logging.WARNING, logger="jiesu.intelligence"):
        found = suggest.duplicates(suggest.Call(NOISE["subject"], NOISE["content"]), T0)
    # then only the ticket with current keys is offered, and the log says why others may not be
    assert [d["number"] for d in found] == [new.number]
    assert "jiesu matters reindex" in matterindex.problem()
    assert any("jiesu matters reindex" in r.getMessage() for r in caplog.records)


def test_a_current_index_has_no_problem(city):
    make_ticket(now=T0, **NOISE)
    assert matterindex.problem() == ""


def test_reindex_rewrites_old_keys_in_batches_and_a_rerun_changes_nothing(city):
    # given three tickets, two of them with an older release's keys
    tickets = [
        make_ticket(now=sh(2025, 6, 18 + n, 9), caller_phone=f"1390000001{n}", **NOISE)
        for n in range(3)
    ]
    for ticket in tickets[:2]:
        _old_scheme(ticket)
    expected = {
        t.pk: sorted(matching.band_keys(matching.shingles(t.subject, t.content))) for t in tickets
    }
    matterindex.forget()
    assert matterindex.problem()
    # when reindexed two tickets a batch
    out = StringIO()
    call_command("matters", "reindex", "--batch", "2", stdout=out, stderr=StringIO())
    # then every ticket has exactly its current keys, and the index is current
    got = {
        t.pk: sorted(MatterKey.objects.filter(ticket=t).values_list("key", flat=True))
        for t in tickets
    }
    assert got == expected
    assert "改写 2" in out.getvalue()
    matterindex.forget()
    assert matterindex.problem() == ""
    # and a second run finds nothing to do and leaves the rows as they are
    ids = sorted(MatterKey.objects.values_list("pk", flat=True))
    again = StringIO()
    call_command("matters", "reindex", stdout=again, stderr=StringIO())
    assert "改写 0" in again.getvalue()
    assert sorted(MatterKey.objects.values_list("pk", flat=True)) == ids


def test_reindex_resumes_after_an_interruption(city, monkeypatch):
    # given two old-scheme tickets, and a run that fails after its first batch
    tickets = [make_ticket(now=sh(2025, 6, 18 + n, 9), **NOISE) for n in range(2)]
    for ticket in tickets:
        _old_scheme(ticket)
    real = matterindex._rewrite
    calls = []

    def failing(rows):
        calls.append(rows)
        if len(calls) == 2:
            raise RuntimeError("connection lost")
        return real(rows)

    monkeypatch.setattr(matterindex, "_rewrite", failing)
    with pytest.raises(RuntimeError):
        matterindex.reindex(batch=1)
    # the first batch is kept, the second untouched (not half-written)
    schemes = {
        t.pk: {
            matching.scheme_of(k)
            for k in MatterKey.objects.filter(ticket=t).values_list("key", flat=True)
        }
        for t in tickets
    }
    assert schemes == {tickets[0].pk: {matching.SCHEME}, tickets[1].pk: {0}}
    # when run again, only what is left is rewritten
    monkeypatch.setattr(matterindex, "_rewrite", real)
    result = matterindex.reindex(batch=1)
    assert (result.read, result.rewritten) == (2, 1)
    matterindex.forget()
    assert matterindex.problem() == ""


def test_status_says_whether_the_index_is_current(city):
    make_ticket(now=T0, **NOISE)
    out = StringIO()
    call_command("matters", "status", stdout=out)
    assert "当前" in out.getvalue()
