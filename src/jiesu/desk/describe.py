"""Each event of a ticket's timeline in words: who (name, role, unit), what, and why — the
reviewer's comment, the citizen's complaint on re-handling, the three elements of a return, the
days of an extension, the reasons of a supervision, the target of a merge. Labels come from
the models' choices and units are named, never coded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.catalogue.models import Category
from jiesu.diversion.choices import DiversionChannel
from jiesu.organisation.actor import SYSTEM
from jiesu.organisation.choices import Role
from jiesu.organisation.models import Unit
from jiesu.tickets.choices import AssignmentRole, CallbackResult, DispatchClass, Track
from jiesu.tickets.models import Event

Data = dict[str, Any]


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "")


def _actor(e: Event, people: dict[str, str]) -> dict[str, str]:
    """Who acted, in words: the person's name where their account has one (``people``: username
    → name), else the username the event keeps; the sweep and the other tasks act as SYSTEM,
    shown as "系统" rather than its username and role code."""
    if e.actor_role == SYSTEM.role or not e.actor_name:
        return {"who": _("系统"), "role": ""}
    return {
        "who": people.get(e.actor_name, e.actor_name),
        "role": _label(Role.choices, e.actor_role),
    }


def _when(value: str | None) -> str:
    if not value:
        return ""
    return timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")


def _yes(value: bool | None, yes: str, no: str) -> str:
    return yes if value else no


class Describer:
    """Describes the events of one page; unit codes in their data are named with one query, the
    people who acted with another."""

    def __init__(self, events: Iterable[Event]):
        self.events = list(events)
        codes: set[str] = set()
        for e in self.events:
            for key in (
                "unit",
                "from_unit",
                "main_unit",
                "suggested_unit",
                "new_unit",
                "owner",
                "platform",
                "accepted_unit",
            ):
                if isinstance(e.data.get(key), str):
                    codes.add(e.data[key])
            codes.update(c for c in e.data.get("assist_units") or [] if isinstance(c, str))
        self.names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
        usernames = {e.actor_name for e in self.events if e.actor_name}
        self.people = dict(
            get_user_model()
            .objects.filter(username__in=usernames)
            .exclude(first_name="")
            .values_list("username", "first_name")
        )
        items = {
            c
            for e in self.events
            if e.kind == "category_changed"
            for c in (e.data.get("from"), e.data.get("to"))
            if isinstance(c, str)
        }
        self.categories = (
            dict(Category.objects.filter(code__in=items).values_list("code", "name"))
            if items
            else {}
        )

    def unit(self, code: str | None) -> str:
        return self.names.get(code or "", code or "")

    def rows(self) -> list[dict]:
        return [
            {
                "id": e.pk,
                "kind": e.kind,
                "label": e.get_kind_display(),
                "at": timezone.localtime(e.at),
                **_actor(e, self.people),
                "unit": e.actor_unit.name if e.actor_unit_id else "",
                "text": self.text(e),
            }
            for e in self.events
        ]

    def text(self, e: Event) -> str:
        fn = _TEXT.get(e.kind)
        return fn(self, e.data) if fn else ""


def _intake(d: Describer, x: Data) -> str:
    """What the operator accepted from the suggestions (issue 9), if anything."""
    parts = []
    if x.get("accepted_unit"):
        parts.append(_("承办单位%(unit)s") % {"unit": d.unit(x["accepted_unit"])})
    if x.get("accepted_primary"):
        parts.append(_("并入%(number)s") % {"number": x["accepted_primary"]})
    return _("受理时采纳建议：%(what)s") % {"what": "；".join(parts)} if parts else ""


def _dispatched(d: Describer, x: Data) -> str:
    return _("%(from)s派至%(unit)s（%(role)s），签收时限%(sign)s，答复时限%(answer)s") % {
        "from": d.unit(x.get("from_unit")),
        "unit": d.unit(x.get("unit")),
        "role": _label(AssignmentRole.choices, x.get("role")),
        "sign": _when(x.get("sign_deadline")),
        "answer": _when(x.get("answer_deadline")),
    }


def _redispatched(d: Describer, x: Data) -> str:
    assists = "、".join(d.unit(c) for c in x.get("assist_units") or [])
    text = _("转派至%(main)s牵头办理") % {"main": d.unit(x.get("main_unit"))}
    return text + (_("，%(units)s协办") % {"units": assists} if assists else "")


def _signed(d: Describer, x: Data) -> str:
    via = {
        "redispatch": _("（转派即签收）"),
        "return_refused": _("（退单未获同意，视为签收）"),
        "return_leader_refused": _("（分管负责同志不同意退单，视为签收）"),
    }.get(x.get("via") or "", "")
    return _yes(x.get("on_time"), _("按时签收"), _("超时签收")) + via


def _reviewed(d: Describer, x: Data) -> str:
    verdict = _yes(x.get("approve"), _("通过"), _("退回重办"))
    comment = x.get("comment") or ""
    return verdict + (_("；意见：%s") % comment if comment else "")


def _callback(d: Describer, x: Data) -> str:
    text = _label(CallbackResult.choices, x.get("result"))
    return text + (_("；市民意见：%s") % x["comment"] if x.get("comment") else "")


def _rehandling(d: Describer, x: Data) -> str:
    if x.get("answer_deadline"):
        return _("重新办理，答复时限%s") % _when(x["answer_deadline"])
    return _("退回重办；市民意见：%s") % x["reason"] if x.get("reason") else _("退回重办")


def _classified(d: Describer, x: Data) -> str:
    before, after = x.get("from") or {}, x.get("to") or {}

    def one(c: Data) -> str:
        return "{} · {}".format(
            _label(DispatchClass.choices, c.get("dispatch_class")),
            _label(Track.choices, c.get("track")),
        )

    return _("由 %(a)s 调整为 %(b)s") % {"a": one(before), "b": one(after)}


def _return_requested(d: Describer, x: Data) -> str:
    return _("核实调查情况：%(f)s；政策依据：%(p)s；建议承办单位：%(u)s") % {
        "f": x.get("findings", ""),
        "p": x.get("policy_basis", ""),
        "u": d.unit(x.get("suggested_unit")),
    }


def _return_decided(d: Describer, x: Data) -> str:
    if not x.get("accept"):
        text = _("不同意退单")
    elif x.get("new_unit"):
        text = _("同意退单，改派%s") % d.unit(x["new_unit"])
    else:
        text = _("同意退单，不改派")
    return text + (_("；理由：%s") % x["reason"] if x.get("reason") else "")


def _extension_decided(d: Describer, x: Data) -> str:
    text = _yes(x.get("approve"), _("批准延期%s个工作日"), _("不批准延期%s个工作日")) % x.get(
        "working_days"
    )
    return text + (_("；理由：%s") % x["reason"] if x.get("reason") else "")


def _category_changed(d: Describer, x: Data) -> str:
    before = d.categories.get(x.get("from") or "", x.get("from") or _("（未选择）"))
    return _("派单目录由「%(a)s」调整为「%(b)s」") % {
        "a": before,
        "b": d.categories.get(x.get("to") or "", x.get("to") or ""),
    }


def _merged(d: Describer, x: Data) -> str:
    if x.get("into"):
        return _("并入主单%s") % x["into"]
    return _("工单%s并入本单") % x.get("merged", "")


def _reason(prefix: str) -> Callable[[Describer, Data], str]:
    return lambda d, x: (prefix % x.get("reason", "")) if x.get("reason") else ""


def _comment(d: Describer, x: Data) -> str:
    return _("意见：%s") % x["comment"] if x.get("comment") else ""


_TEXT: dict[str, Callable[[Describer, Data], str]] = {
    "intake": _intake,
    "answered_online": lambda d, x: x.get("answer", ""),
    "dispatched": _dispatched,
    "redispatched": _redispatched,
    "signed": _signed,
    "reply_submitted": lambda d, x: x.get("content", ""),
    "reply_reviewed": _reviewed,
    "reply_sent_back": _reason(_("退回理由：%s")),
    "callback": _callback,
    "rehandling": _rehandling,
    "closed": _reason(_("%s")),
    "classified": _classified,
    "diverted": lambda d, x: (
        _("分流至%(c)s；理由：%(r)s")
        % {"c": _label(DiversionChannel.choices, x.get("channel")), "r": x.get("reason", "")}
    ),
    "merged": _merged,
    "unmerged": _reason(_("理由：%s")),
    "assignment_withdrawn": _reason(_("原因：%s")),
    "escalated": lambda d, x: (
        _("%(level)s（%(unit)s）；理由：%(r)s")
        % {
            "level": x.get("level_label", ""),
            "unit": d.unit(x.get("unit")) or _("市政府"),
            "r": x.get("reason", ""),
        }
    ),
    "supervision_opened": lambda d, x: (
        _("督办%(unit)s，时限%(due)s；事由：%(r)s")
        % {
            "unit": d.unit(x.get("unit")) or _("主办单位"),
            "due": _when(x.get("deadline")),
            "r": x.get("reason", ""),
        }
    ),
    "instruction": lambda d, x: (
        _("%(leader)s批示：%(c)s") % {"leader": x.get("leader", ""), "c": x.get("content", "")}
    ),
    "return_requested": _return_requested,
    "return_leader_approved": _comment,
    "return_leader_refused": _comment,
    "return_statement_attached": lambda d, x: _("文件：%s") % x.get("name", ""),
    "return_decided": _return_decided,
    "returned_to_platform": lambda d, x: (
        _("工单退回%(p)s，可分流、直办或重新派单") % {"p": d.unit(x.get("platform"))}
        + (_("；理由：%s") % x["reason"] if x.get("reason") else "")
    ),
    "category_changed": _category_changed,
    "dispute_opened": _reason(_("争议事由：%s")),
    "dispute_decided": lambda d, x: (
        _("裁定由%(u)s承办；理由：%(r)s") % {"u": d.unit(x.get("owner")), "r": x.get("reason", "")}
    ),
    "extension_requested": lambda d, x: (
        _("申请延长%(n)s个工作日；理由：%(r)s")
        % {"n": x.get("working_days"), "r": x.get("reason", "")}
    ),
    "extension_decided": _extension_decided,
    "escalation_feedback": lambda d, x: x.get("feedback", ""),
    "supervision_feedback": lambda d, x: x.get("feedback", ""),
    "instruction_feedback": lambda d, x: x.get("feedback", ""),
}
