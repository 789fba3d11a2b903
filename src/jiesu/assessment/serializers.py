"""Plain dicts of the assessment for the API, the CLI and the exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jiesu.assessment.models import HistoricalAssignment
from jiesu.assessment.rates import Assessment, Row, formulas
from jiesu.tickets.models import Assignment, Callback
from jiesu.tickets.serializers import local


def row_dict(row: Row) -> dict[str, Any]:
    return {
        "scope": row.scope,
        "unit": row.code,
        "name": row.name,
        "kind": row.kind,
        "region": row.region,
        **row.rates,
        "answer_in_15s_rate": row.answer_in_15s_rate,
        "counts": {**row.counts, **row.derived},
    }


def assessment_dict(result: Assessment) -> dict[str, Any]:
    period = result.period
    return {
        "from": period.start,
        "to": period.end,
        "as_of": local(period.as_of),
        "formulas": formulas(),
        "city": row_dict(result.city) if result.city else None,
        "counties": [row_dict(row) for row in result.counties],
        "units": [row_dict(row) for row in result.units],
    }


def assignment_item(a: Assignment | HistoricalAssignment) -> dict[str, Any]:
    imported = isinstance(a, HistoricalAssignment)
    return {
        "source": "history" if imported else "live",
        "assignment_id": a.pk,
        "ticket_number": a.ticket_number if imported else a.ticket.number,
        "subject": a.subject if imported else a.ticket.subject,
        "unit": a.unit.code,
        "unit_name": a.unit.name,
        "role": a.role,
        "status": "" if imported else a.status,
        "status_label": _("历史导入") if imported else a.get_status_display(),
        "dispatched_at": local(a.dispatched_at),
        "sign_deadline": local(a.sign_deadline),
        "signed_at": local(a.signed_at),
        "answer_deadline": local(a.answer_deadline),
        "answered_at": local(a.answered_at),
        "extension_days": 0 if imported else a.extension_days,
    }


def callback_item(c: Callback) -> dict[str, Any]:
    return {
        "callback_id": c.pk,
        "ticket_number": c.ticket.number,
        "subject": c.ticket.subject,
        "unit": c.main_unit.code if c.main_unit else None,
        "unit_name": c.main_unit.name if c.main_unit else None,
        "result": c.result,
        "result_label": c.get_result_display(),
        "at": local(c.at),
    }
