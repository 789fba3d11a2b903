"""The verbs of the loop. Every one runs in a transaction, locks its row, asks the workflow,
saves with update_fields and writes its event."""

from jiesu.tickets.actions.callback import callback_ticket, close_ticket
from jiesu.tickets.actions.dispatch import dispatch_ticket
from jiesu.tickets.actions.handling import sign_assignment, submit_reply
from jiesu.tickets.actions.intake import IntakeData, answer_online, intake_ticket
from jiesu.tickets.actions.review import review_reply
from jiesu.tickets.actions.sla import sweep

__all__ = [
    "IntakeData",
    "answer_online",
    "callback_ticket",
    "close_ticket",
    "dispatch_ticket",
    "intake_ticket",
    "review_reply",
    "sign_assignment",
    "submit_reply",
    "sweep",
]
