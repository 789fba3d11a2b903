"""The four rates to the exact fraction, with every edge case of DESIGN §6: not yet due at
``as_of``, a step done at its deadline, an extension, an accepted return, a withdrawn assignment,
an unreached callback, a callback or dispatch outside the period, a ticket closed uncalled."""

from __future__ import annotations

import io
from datetime import date

import pytest

from jiesu.assessment.models import Call
from jiesu.assessment.rates import Period, compute
from jiesu.handling.actions import decide_extension, request_extension
from jiesu.handling.actions.decisions import decide_return
from jiesu.handling.actions.returns import attach_statement, leader_review_return, request_return
from jiesu.organisation.models import Unit
from jiesu.testing.builders import REVIEWERS, assignment_record, callback_record, person, sh
from jiesu.testing.handling import PDF, RETURN_ELEMENTS
from jiesu.testing.loop import dispatched, replied, signed
from jiesu.tickets import actions
from jiesu.tickets.choices import ReplyStatus

pytestmark = pytest.mark.usefixtures("city")

JUNE = (date(2025, 6, 1), date(2025, 6, 30))
AFTER = sh(2025, 7, 10, 12)


def june(as_of=AFTER) -> Period:
    return Period(*JUNE, as_of=as_of)


def record(unit="city-housing", *, day, signed=None, answered=None, answer_days=7, **over):
    """Dispatched on June ``day`` at 09:00; sign deadline a day later, answer deadline
    ``answer_days`` later, both at 09:00."""
    at = sh(2025, 6, day, 9)
    return assignment_record(
        unit=unit,
        dispatched_at=at,
        sign_deadline=sh(2025, 6, day + 1, 9),
        answer_deadline=sh(2025, 6, day + answer_days, 9),
        signed_at=signed,
        answered_at=answered,
        **over,
    )


def closed_uncalled() -> None:
    """A ticket replied on June 10 that the platform closes on June 12 without its callback."""
    uncalled, _ = replied(at=sh(2025, 6, 10, 9))
    actions.close_ticket(
        uncalled.number,
        reason="诉求人要求不再回访",
        actor=person("dispatcher"),
        now=sh(2025, 6, 12),
    )


def test_sign_and_completion_rates_to_the_exact_fraction():
    # given four assignments of city-housing dispatched in June
    record(day=2, signed=sh(2025, 6, 2, 10), answered=sh(2025, 6, 6, 9))  # all on time
    record(day=3, signed=sh(2025, 6, 4, 9), answered=sh(2025, 6, 10, 9, 1))  # at deadline; late
    record(day=4)  # never signed, never answered: both late
    record(  # answered after the first deadline, within the extended one
        day=5,
        signed=sh(2025, 6, 5, 9),
        answered=sh(2025, 6, 18, 9),
        answer_days=15,
        extension_days=5,
    )
    # when
    row = compute(june()).unit("city-housing")
    # then
    assert row.counts["assignments"] == 4
    assert (row.counts["signed_on_time"], row.counts["sign_due"]) == (3, 4)
    assert row.rates["sign_rate"] == 3 / 4
    assert (row.counts["completed_on_time"], row.counts["completion_due"]) == (2, 4)
    assert row.rates["completion_rate"] == 2 / 4
    assert row.derived["sign_late"] == 1 and row.derived["completion_late"] == 2


def test_not_yet_due_at_as_of_is_left_out_of_both_sides():
    # given an assignment dispatched June 2 09:00, sign by June 3 09:00, answer by June 9 09:00,
    # signed June 3 08:00 and answered June 9 10:00 (late)
    record(day=2, signed=sh(2025, 6, 3, 8), answered=sh(2025, 6, 9, 10))

    def rates_at(*moment):
        row = compute(june(sh(*moment))).unit("city-housing")
        return row.counts["sign_due"], row.rates["sign_rate"], row.counts["completion_due"]

    # before it signs: nothing is due, both rates have nothing to say
    assert rates_at(2025, 6, 2, 12) == (0, None, 0)
    # signed (on time), answer deadline ahead: the sign counts, the completion not yet
    assert rates_at(2025, 6, 3, 8) == (1, 1.0, 0)
    # at the answer deadline, not answered yet: due and late
    row = compute(june(sh(2025, 6, 9, 9))).unit("city-housing")
    assert (row.counts["completed_on_time"], row.counts["completion_due"]) == (0, 1)
    # a step done after as_of is not done as of then
    assert row.rates["completion_rate"] == 0.0


def test_a_dispatch_after_as_of_or_outside_the_period_is_not_in_the_population():
    record(day=1)
    record(day=20)
    assignment_record(
        unit="city-housing",
        dispatched_at=sh(2025, 5, 31, 23, 59),  # the day before the period, Shanghai time
        sign_deadline=sh(2025, 6, 1, 9),
        answer_deadline=sh(2025, 6, 6, 9),
    )
    assert compute(june()).unit("city-housing").counts["assignments"] == 2
    assert compute(june(sh(2025, 6, 10))).unit("city-housing").counts["assignments"] == 1


def test_an_accepted_return_counts_for_neither_side_and_the_redispatch_for_its_new_unit():
    # given city-housing's assignment returned (accepted), re-dispatched late to city-urban
    first = record(day=2, status="returned")
    record("city-urban", day=4, ticket=first.ticket, signed=sh(2025, 6, 6, 9))
    # and a withdrawn one (merged away)
    record(day=3, status="withdrawn")
    # when
    result = compute(june())
    # then
    assert result.unit("city-housing").counts["assignments"] == 0
    assert result.unit("city-housing").rates["sign_rate"] is None
    urban = result.unit("city-urban")
    assert urban.counts["assignments"] == 1
    assert urban.rates["sign_rate"] == 0.0


def test_satisfaction_counts_reached_callbacks_of_the_period_for_the_main_unit():
    for result in ["satisfied", "basically_satisfied", "unsatisfied", "unreached", "unreached"]:
        callback_record(unit="city-housing", result=result, at=sh(2025, 6, 15, 10))
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 7, 1, 0))  # July
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 5, 31, 23))  # May
    callback_record(unit="city-urban", result="unsatisfied", at=sh(2025, 6, 15, 10))
    callback_record(unit=None, result="satisfied", at=sh(2025, 6, 15, 10))  # online answer
    # when
    result = compute(june())
    # then
    housing = result.unit("city-housing")
    assert housing.counts["callbacks"] == 5 and housing.derived["reached"] == 3
    assert housing.rates["satisfaction_rate"] == 2 / 3
    assert result.unit("city-urban").rates["satisfaction_rate"] == 0.0
    # the city counts every callback, the platform's own online answers too: 3 of 5 reached
    assert result.city.rates["satisfaction_rate"] == 3 / 5


def test_a_ticket_closed_without_its_callback_counts_as_not_called_back():
    # given a replied ticket the platform closes uncalled, and one called back satisfied
    with_callback, _ = replied(at=sh(2025, 6, 10, 9))
    actions.callback_ticket(
        with_callback.number,
        result="satisfied",
        actor=person("dispatcher"),
        now=sh(2025, 6, 12, 9),
    )
    closed_uncalled()
    # when
    row = compute(june()).unit("city-housing")
    # then the uncalled one is no callback (the rate is of callbacks reached) and is counted
    assert row.counts["callbacks"] == 1 and row.counts["closed_without_callback"] == 1
    assert row.rates["satisfaction_rate"] == 1.0


def test_the_actions_keep_the_columns_the_rates_read():
    # given a ticket dispatched Wednesday June 4 09:00, signed late on June 5 at 09:30
    _, late = dispatched(at=sh(2025, 6, 4, 9))
    actions.sign_assignment(late.pk, actor=person("handler"), now=sh(2025, 6, 5, 9, 30))
    # and one that goes round the loop on time
    replied(at=sh(2025, 6, 4, 9))
    # when
    row = compute(june()).unit("city-housing")
    # then
    assert (row.counts["signed_on_time"], row.counts["sign_due"]) == (1, 2)
    assert (row.counts["completed_on_time"], row.counts["completion_due"]) == (1, 2)


def test_connection_rate_and_the_15_second_share_count_calls_offered_in_the_period():
    platform = Unit.objects.get(code="city-platform")
    for i, wait in enumerate([5, 15, 20, None]):
        offered = sh(2025, 6, 3, 9, i)
        Call.objects.create(
            call_id=f"c{i}",
            platform=platform,
            offered_at=offered,
            answered_at=None if wait is None else offered,
            wait_seconds=wait,
        )
    Call.objects.create(call_id="july", platform=platform, offered_at=sh(2025, 7, 1, 0))
    # when
    result = compute(june())
    row = result.unit("city-platform")
    # then
    assert row.rates["connection_rate"] == 3 / 4
    assert row.answer_in_15s_rate == 2 / 3
    assert result.city.rates["connection_rate"] == 3 / 4
    assert result.unit("city-housing").rates["connection_rate"] is None


def test_counties_and_the_city_add_up_their_units():
    record("hsg-st-1", day=2, signed=sh(2025, 6, 2, 10))
    record("hsg-housing", day=2)
    record("dy-st-1", day=2, signed=sh(2025, 6, 2, 10))
    record(day=2)
    result = compute(june())
    hsg = next(row for row in result.counties if row.code == "hsg")
    assert (hsg.counts["signed_on_time"], hsg.counts["sign_due"]) == (1, 2)
    assert (result.city.counts["signed_on_time"], result.city.counts["sign_due"]) == (2, 4)
    assert all(row.kind != "村（社区）" for row in result.units)  # villages never handle (R2)


def test_the_rates_take_a_fixed_number_of_queries(django_assert_max_num_queries):
    for day in range(2, 8):
        record(day=day)
        record("city-urban", day=day)
    callback_record(unit="city-housing", result="satisfied", at=sh(2025, 6, 15, 10))
    with django_assert_max_num_queries(9):
        compute(june())


# --- the edge cases of DESIGN §6 driven through the actions, to the exact fraction -----------


def test_an_approved_extension_moves_the_deadline_the_completion_rate_judges():
    # given two tickets dispatched Wednesday June 4 09:00 (answer by Wednesday June 11 09:00),
    # both signed at once; the first gets 3 more working days approved (Monday June 16 09:00)
    _, extended = signed(at=sh(2025, 6, 4, 9))
    _, plain = signed(at=sh(2025, 6, 4, 9))
    asked = request_extension(
        extended.pk,
        working_days=3,
        reason="需协调供电部门。",
        actor=person("handler"),
        now=sh(2025, 6, 5, 9),
    )
    decide_extension(asked.pk, approve=True, actor=person("dispatcher"), now=sh(2025, 6, 5, 10))
    extended.refresh_from_db()
    assert extended.answer_deadline == sh(2025, 6, 16, 9)
    # when both are answered on Friday June 13, after the first deadline, before the extended one
    for assignment in (extended, plain):
        reply = actions.submit_reply(
            assignment.pk, "已协调供电部门修复。", actor=person("handler"), now=sh(2025, 6, 13, 9)
        )
        while reply.status == ReplyStatus.IN_REVIEW:
            reviewer = person(REVIEWERS[reply.current_level])
            reply = actions.review_reply(
                reply.pk, approve=True, actor=reviewer, now=sh(2025, 6, 13, 9)
            )
    # then the extended one is on time, the other late: 1 / 2
    row = compute(june()).unit("city-housing")
    assert (row.counts["completed_on_time"], row.counts["completion_due"]) == (1, 2)
    assert row.rates["completion_rate"] == 1 / 2
    # and as of June 12 the extended one was not yet due, the plain one was due and late: 0 / 1
    early = compute(june(sh(2025, 6, 12, 12))).unit("city-housing")
    assert (early.counts["completed_on_time"], early.counts["completion_due"]) == (0, 1)
    assert early.derived["completion_not_yet_due"] == 1


def test_an_accepted_return_through_the_actions_counts_only_for_the_new_unit():
    # given city-housing's assignment dispatched Monday June 2 09:00, never signed; it asks for
    # a return on Tuesday June 3 (after its sign deadline), its leader agrees, the stamped
    # statement is attached, and the city platform accepts it on June 4 10:00 for city-urban
    _, main = dispatched(at=sh(2025, 6, 2, 9))
    asked = request_return(
        main.pk, **RETURN_ELEMENTS, actor=person("handler"), now=sh(2025, 6, 3, 10)
    )
    leader_review_return(asked.pk, approve=True, actor=person("leader"), now=sh(2025, 6, 3, 11))
    attach_statement(
        asked.pk,
        name="退单情况说明.pdf",
        stream=io.BytesIO(PDF),
        actor=person("handler"),
        now=sh(2025, 6, 3, 12),
    )
    decide_return(
        asked.pk, accept=True, reason="情况属实", actor=person("dispatcher"), now=sh(2025, 6, 4, 10)
    )
    # and another city-housing assignment, signed late on June 5
    _, kept = dispatched(at=sh(2025, 6, 3, 9))
    actions.sign_assignment(kept.pk, actor=person("handler"), now=sh(2025, 6, 5, 9))
    # when
    result = compute(june())
    # then the returned one counts nowhere: city-housing has only the late one, 0 / 1
    housing = result.unit("city-housing")
    assert housing.counts["assignments"] == 1
    assert (housing.counts["signed_on_time"], housing.counts["sign_due"]) == (0, 1)
    # and the re-dispatched one (dispatched June 4 10:00, never signed) is city-urban's: 0 / 1
    urban = result.unit("city-urban")
    assert urban.counts["assignments"] == 1
    assert (urban.counts["signed_on_time"], urban.counts["sign_due"]) == (0, 1)
    assert result.city.counts["assignments"] == 2


def test_unreached_and_out_of_period_callbacks_and_uncalled_closings_together():
    # given city-housing's June: 3 satisfied, 1 basically satisfied, 2 unsatisfied, 2 unreached,
    # one unsatisfied callback on July 1 00:00 Shanghai (outside) and one uncalled closing
    for result, times in [
        ("satisfied", 3),
        ("basically_satisfied", 1),
        ("unsatisfied", 2),
        ("unreached", 2),
    ]:
        for _ in range(times):
            callback_record(unit="city-housing", result=result, at=sh(2025, 6, 20, 10))
    callback_record(unit="city-housing", result="unsatisfied", at=sh(2025, 7, 1, 0))
    closed_uncalled()
    # when
    row = compute(june()).unit("city-housing")
    # then (3 + 1) / (8 − 2) reached; the July one and the uncalled closing are not callbacks
    assert (row.counts["callbacks"], row.derived["reached"]) == (8, 6)
    assert row.rates["satisfaction_rate"] == 4 / 6
    assert row.counts["closed_without_callback"] == 1
    # and as of June 15 (before the callbacks) nothing is reached: the rate has nothing to say
    assert compute(june(sh(2025, 6, 15))).unit("city-housing").rates["satisfaction_rate"] is None
