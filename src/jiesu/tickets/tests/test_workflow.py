"""The workflow table is the law: every (state, action) outside it is refused with 409
``state_conflict`` naming the rule and changes nothing; every move inside it lands where the table
says. And one state machine is the only writer of a ticket's or an assignment's status."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jiesu
from jiesu.core.errors import Conflict
from jiesu.handling import workflow as requests_workflow
from jiesu.testing.builders import make_ticket, person
from jiesu.testing.loop import counts, dispatched, fresh_phone, replied, sh, signed
from jiesu.tickets import actions, workflow
from jiesu.tickets.choices import AssignmentStatus, TicketStatus
from jiesu.tickets.models import Assignment, Ticket

AT = sh(2026, 11, 24, 9, 30)


# --- the table ---------------------------------------------------------------------------------


def test_every_move_goes_between_known_states():
    for steps, states in (
        (workflow.TICKET_STEPS, TicketStatus.values),
        (workflow.ASSIGNMENT_STEPS, AssignmentStatus.values),
    ):
        for name, step in steps.items():
            assert step.rule.startswith("R"), name
            assert step.label, name
            for source, target in step.moves.items():
                assert source in states and target in states, (name, source, target)


def test_a_refusal_names_the_rule_in_chinese():
    ticket = Ticket(status=TicketStatus.CLOSED)
    with pytest.raises(Conflict) as exc:
        workflow.move(ticket, "dispatch")
    assert exc.value.status == 409
    assert exc.value.code == "state_conflict"
    assert exc.value.as_dict() == {
        "code": "state_conflict",
        "message": "工单当前状态为「已办结」，不能派单（R13）。",
        "rule": "R13",
        "action": "dispatch",
        "state": "closed",
    }
    assert ticket.status == TicketStatus.CLOSED  # a refused move leaves the object alone


def test_move_sets_the_new_status_and_names_the_field():
    a = Assignment(status=AssignmentStatus.PENDING_SIGN)
    assert workflow.move(a, "sign") == ["status"]
    assert a.status == AssignmentStatus.HANDLING
    assert workflow.can(a, "submit_reply") and not workflow.can(a, "sign")


# --- through the API: every (state, action) pair ----------------------------------------------


def _accepted():
    return make_ticket(now=AT, appeal_type="consult_professional", caller_phone=fresh_phone())


def _answered_online():
    ticket = _accepted()
    actions.answer_online(ticket.number, "按政策答复。", actor=person("operator"), now=AT)
    return ticket


def _dispatched():
    return dispatched(at=AT, appeal_type="consult_professional")[0]


def _replied():
    return replied(at=AT, appeal_type="consult_professional")[0]


def _rehandling():
    ticket = _replied()
    actions.callback_ticket(ticket.number, result="unsatisfied", actor=person("operator"), now=AT)
    return ticket


def _closed():
    ticket = _replied()
    actions.callback_ticket(ticket.number, result="satisfied", actor=person("operator"), now=AT)
    return ticket


TICKETS_IN = {
    TicketStatus.ACCEPTED: _accepted,
    TicketStatus.ANSWERED_ONLINE: _answered_online,
    TicketStatus.DISPATCHED: _dispatched,
    TicketStatus.REPLIED: _replied,
    TicketStatus.REHANDLING: _rehandling,
    TicketStatus.CLOSED: _closed,
}

# workflow action -> (path under /tickets/{number}, body, success status)
TICKET_CALLS = {
    "answer_online": ("answer-online", {"answer": "依据相关政策答复如下。"}, 200),
    "dispatch": ("dispatch", {"main_unit": "city-housing"}, 201),
    "callback_satisfied": ("callback", {"result": "satisfied"}, 201),
    "callback_unsatisfied": ("callback", {"result": "unsatisfied"}, 201),
    "callback_unreached": ("callback", {"result": "unreached"}, 201),
    "close": ("close", {"reason": "平台办结"}, 200),
}


@pytest.mark.parametrize("action", list(TICKET_CALLS))
@pytest.mark.parametrize("state", list(TICKETS_IN))
def test_ticket_actions_follow_the_table(api, settings, state, action):
    # given a ticket in ``state`` (one unreached callback never closes here)
    settings.JIESU_CALLBACK_MAX_UNREACHED = 3
    settings.JIESU_ONLINE_CALLBACK_SHARE = 1  # every online answer waits for its callback
    ticket = TICKETS_IN[state]()
    ticket.refresh_from_db()
    assert ticket.status == state
    step = workflow.TICKET_STEPS[action]
    path, body, ok = TICKET_CALLS[action]
    before = counts()
    # when the platform asks for ``action``
    response = api("dispatcher").post(f"/tickets/{ticket.number}/{path}", body)
    # then
    ticket.refresh_from_db()
    expected = step.moves.get(state)
    if expected is None:
        assert response.status == 409, response.body
        assert response.body["code"] == "state_conflict"
        assert response.body["rule"] == step.rule and response.body["action"] == action
        assert step.rule in response.body["message"]
        assert ticket.status == state
        assert counts() == before
    else:
        assert response.status == ok, response.body
        assert ticket.status == expected
        assert counts()[3] > before[3]  # it left its event


ASSIGNMENTS_IN = {
    AssignmentStatus.PENDING_SIGN: lambda: dispatched(at=AT)[1],
    AssignmentStatus.HANDLING: lambda: signed(at=AT)[1],
    AssignmentStatus.REPLY_REVIEW: lambda: _in_review(),
    AssignmentStatus.ANSWERED: lambda: replied(at=AT)[1],
}


def _in_review():
    _, a = signed(at=AT)
    actions.submit_reply(a.pk, "已处理。", actor=person("handler"), now=AT)
    a.refresh_from_db()
    return a


ASSIGNMENT_CALLS = {
    "sign": ("sign", None, 200),
    "submit_reply": ("reply", {"content": "已核实处理。"}, 201),
}


@pytest.mark.parametrize("action", list(ASSIGNMENT_CALLS))
@pytest.mark.parametrize("state", list(ASSIGNMENTS_IN))
def test_assignment_actions_follow_the_table(api, state, action):
    a = ASSIGNMENTS_IN[state]()
    assert a.status == state
    step = workflow.ASSIGNMENT_STEPS[action]
    path, body, ok = ASSIGNMENT_CALLS[action]
    before = counts()
    response = api("handler").post(f"/assignments/{a.pk}/{path}", body)
    a.refresh_from_db()
    expected = step.moves.get(state)
    if expected is None:
        assert response.status == 409, response.body
        assert response.body["code"] == "state_conflict" and response.body["rule"] == step.rule
        assert a.status == state
        assert counts() == before
    else:
        assert response.status == ok, response.body
        assert a.status == expected


# --- one writer of status -----------------------------------------------------------------------

SRC = Path(jiesu.__file__).resolve().parent
THE_WRITER = "tickets/workflow.py"  # the one engine: tickets, assignments, replies, requests
# (module, object name) pairs whose ``.status`` is not a ticket's or an assignment's
ALLOWED = {
    ("core/errors.py", "self"),  # JiesuError.status: the HTTP status of an error
    ("knowledge/actions.py", "report"),  # ImportReport.status: one file's outcome, not a model's
}


def _name(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else "?"


def status_writes(source: str) -> list[tuple[int, str, str]]:
    """(line, object name, how) of every write of a ``status`` attribute or column in ``source``:
    ``x.status = …`` (also in tuples and augmented), ``setattr(x, "status", …)``, and
    ``Ticket/Assignment….update(status=…)`` / ``bulk_update(…, ["status"])``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        stack = list(targets)
        while stack:
            t = stack.pop()
            if isinstance(t, ast.Tuple | ast.List):
                stack.extend(t.elts)
            elif isinstance(t, ast.Starred):
                stack.append(t.value)
            elif isinstance(t, ast.Attribute) and t.attr == "status":
                found.append((t.lineno, _name(t.value), "assign"))
        if isinstance(node, ast.Call):
            func = node.func
            is_setattr = isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2
            if (
                is_setattr
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
            ):
                found.append((node.lineno, _name(node.args[0]), "setattr"))
            if isinstance(func, ast.Attribute) and func.attr in ("update", "bulk_update"):
                chain = ast.unparse(func.value)
                on_core = any(
                    word in chain for word in ("Ticket", "Assignment", "ticket", "assignment")
                )
                by_kw = any(k.arg == "status" for k in node.keywords)
                by_fields = any(
                    "'status'" in ast.unparse(arg) or '"status"' in ast.unparse(arg)
                    for arg in node.args[1:]
                )
                if on_core and (by_kw or by_fields):
                    found.append((node.lineno, _name(func.value), func.attr))
    return found


def test_the_scanner_finds_status_writes():
    code = (
        "ticket.status = 'closed'\n"
        "a.status, a.signed_at = 'handling', now\n"
        "setattr(assignment, 'status', 'answered')\n"
        "Assignment.objects.filter(pk=1).update(status='answered')\n"
        "Ticket.objects.bulk_update(rows, ['status'])\n"
        "reply.status = 'approved'\n"
        "x = ticket.status == 'closed'\n"
        "Reply.objects.filter(pk=1).update(status='approved')\n"
    )
    assert status_writes(code) == [
        (1, "ticket", "assign"),
        (2, "a", "assign"),
        (6, "reply", "assign"),
        (3, "assignment", "setattr"),
        (4, "Assignment", "update"),
        (5, "Ticket", "bulk_update"),
    ]


def test_only_the_workflow_writes_status():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}" or rel.startswith("testing/"):
            continue
        if rel == THE_WRITER:
            continue
        for line, name, how in status_writes(path.read_text(encoding="utf-8")):
            if (rel, name) in ALLOWED:
                continue
            offenders.append(f"{rel}:{line} {name} ({how})")
    assert offenders == [], "status written outside tickets/workflow.py: " + ", ".join(offenders)


def test_one_engine_holds_every_table_and_refuses_what_it_does_not_know():
    from jiesu.handling.models import ExtensionRequest, ReturnRequest
    from jiesu.tickets.models import Reply

    assert workflow.of(Ticket()) is workflow.TICKET
    assert workflow.of(Assignment()) is workflow.ASSIGNMENT
    assert workflow.of(Reply()) is workflow.REPLY
    assert workflow.of(ExtensionRequest()) is requests_workflow.EXTENSION
    assert workflow.of(ReturnRequest()) is requests_workflow.RETURN
    with pytest.raises(TypeError):
        workflow.move(object(), "accept")


def test_a_decided_reply_is_refused_by_the_table():
    from jiesu.tickets.models import Reply

    reply = Reply(status="approved")
    with pytest.raises(Conflict) as exc:
        workflow.move(reply, "approve")
    assert exc.value.details == {"rule": "R16", "action": "approve", "state": "approved"}
    assert reply.status == "approved"


# --- the page that documents the tables ------------------------------------------------------

WORKFLOW_PAGE = SRC.parents[1] / "docs" / "workflow.md"


def _documented(heading: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    """The table rows under ``heading``: step, label, rule and moves. A moves cell holds
    "from → to" pairs of backticked states, or "stays:" and the states a step keeps."""
    lines = WORKFLOW_PAGE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == heading)
    rows = {}
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        row = re.match(r"\| `(\w+)` \| ([^|]+) \| (R\w+) \| ([^|]+) \|", line)
        if row is None:
            continue
        step, label, rule, cell = row.groups()
        if cell.strip().startswith("stays:"):
            moves = {state: state for state in re.findall(r"`(\w+)`", cell)}
        else:
            moves = dict(re.findall(r"`(\w+)` → `(\w+)`", cell))
        rows[step] = (label.strip(), rule, moves)
    return rows


@pytest.mark.parametrize(
    ("heading", "steps"),
    [
        ("Ticket steps", workflow.TICKET_STEPS),
        ("Assignment steps", workflow.ASSIGNMENT_STEPS),
        ("Reply steps", workflow.REPLY_STEPS),
        ("Extension request steps", requests_workflow.EXTENSION_STEPS),
        ("Return request steps", requests_workflow.RETURN_STEPS),
    ],
    ids=["ticket", "assignment", "reply", "extension", "return"],
)
def test_the_workflow_page_lists_every_step_of_the_tables(heading, steps):
    # given the table in the code
    expected = {
        name: (step.label, step.rule, {str(a): str(b) for a, b in step.moves.items()})
        for name, step in steps.items()
    }
    # when docs/workflow.md is read
    documented = _documented(heading)
    # then it lists every step with its label, rule and moves — no more, no fewer
    assert documented == expected
