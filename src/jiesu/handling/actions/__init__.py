"""The verbs of the handling desk's requests: extension (R8b), return (R15), the dispatch
dispute review, and the withdrawal of open requests with their assignment (R20). County re-dispatch (R3) lives with the other loop verbs in
``jiesu.tickets.actions.redispatch``."""

from jiesu.handling.actions.decisions import decide_return, open_dispute
from jiesu.handling.actions.extension import decide_extension, request_extension
from jiesu.handling.actions.returns import attach_statement, leader_review_return, request_return
from jiesu.handling.actions.withdraw import withdraw_open_assignments, withdraw_open_requests

__all__ = [
    "attach_statement",
    "decide_extension",
    "decide_return",
    "leader_review_return",
    "open_dispute",
    "request_extension",
    "request_return",
    "withdraw_open_assignments",
    "withdraw_open_requests",
]
