"""Sample tickets for the demo city, so that each demo account finds work waiting on its desk.

Every ticket is carried through the same actions as the desk and the API, at moments in the
past working days, so its deadlines, warnings and overdue marks are the real ones; the SLA sweep
runs at the end. Loaded once: a database that already holds tickets is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jiesu.handling.actions import leader_review_return, request_extension, request_return
from jiesu.organisation.actor import Actor, actor_for
from jiesu.supervision.actions import escalate_ticket, open_supervision
from jiesu.tickets import actions
from jiesu.tickets.actions.redispatch import redispatch_assignment
from jiesu.tickets.choices import ReplyStatus
from jiesu.tickets.models import Assignment, Ticket
from jiesu.workdays.calendar import SHANGHAI
from jiesu.workdays.loader import get_calendar

#: who answers each review level of a city-housing reply
_REVIEWERS = {"section_head": "reviewer", "deputy_leader": "leader", "platform": "dispatcher"}


@dataclass(frozen=True)
class Call:
    """One citizen's call as the operator takes it in."""

    subject: str
    content: str
    category: str
    region: str = "huangshi"
    appeal_type: str = "complaint"
    caller: str = "王女士"
    address: str = ""
    urgent: bool = False
    enterprise: bool = False


class _Demo:
    def __init__(self, now: datetime):
        self.now = now
        self.calendar = get_calendar()
        self._people: dict[str, Actor] = {}
        self._phone = 0

    def person(self, username: str) -> Actor:
        if username not in self._people:
            user = get_user_model().objects.select_related("membership__unit__region")
            self._people[username] = actor_for(user.get(username=username))
        return self._people[username]

    def days_ago(self, days: int, hour: int = 9, minute: int = 0) -> datetime:
        """A moment ``days`` working days before today (after it when negative), at the given
        time of day; never later than half an hour ago for a past moment."""
        day = timezone.localdate(self.now)
        for _ in range(abs(days)):
            step = timedelta(days=1 if days < 0 else -1)
            day += step
            while not self.calendar.is_workday(day):
                day += step
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
        return moment if days < 0 else min(moment, self.now - timedelta(minutes=30))

    def take(self, call: Call, at: datetime) -> Ticket:
        self._phone += 1
        data = actions.IntakeData(
            channel="phone",
            subject=call.subject,
            content=call.content,
            appeal_type=call.appeal_type,
            caller_name=call.caller,
            caller_phone=f"1397{self._phone:07d}",
            region=call.region,
            address=call.address,
            category=call.category,
            urgent=call.urgent,
            enterprise=call.enterprise,
        )
        return actions.intake_ticket(data, actor=self.person("operator"), now=at)

    def dispatch(self, ticket: Ticket, at: datetime, unit: str | None = None) -> Assignment:
        made = actions.dispatch_ticket(
            ticket.number, main_unit=unit, actor=self.person("dispatcher"), now=at
        )
        return made[0]

    def sign(self, assignment: Assignment, at: datetime, who: str = "handler") -> None:
        actions.sign_assignment(assignment.pk, actor=self.person(who), now=at)

    def sent(
        self,
        call: Call,
        days: int,
        hour: int,
        minute: int = 0,
        *,
        unit: str | None = None,
        signer: str | None = None,
    ) -> tuple[Ticket, Assignment]:
        """Taken in ``days`` working days ago at ``hour:minute``, dispatched ten minutes later
        (to the catalogue's unit unless ``unit`` is named), signed by ``signer`` an hour later."""
        ticket = self.take(call, self.days_ago(days, hour, minute))
        main = self.dispatch(ticket, self.days_ago(days, hour, minute + 10), unit)
        if signer:
            self.sign(main, self.days_ago(days, hour + 1), who=signer)
        return ticket, main

    def reply(self, assignment: Assignment, text: str, at: datetime, *, upto: str | None) -> None:
        """The handler answers; the review levels approve until ``upto`` (that level is left
        waiting; None: every level approves)."""
        reply = actions.submit_reply(assignment.pk, text, actor=self.person("handler"), now=at)
        while reply.status == ReplyStatus.IN_REVIEW and reply.current_level != upto:
            who = self.person(_REVIEWERS[reply.current_level])
            reply = actions.review_reply(reply.pk, approve=True, actor=who, now=at)


_HOUSING = [
    Call(
        "小区楼道灯长期不亮",
        "花湖小区3栋二单元楼道灯坏了三个月，晚上老人上下楼很危险，多次找物业都说没有配件。",
        "urban-property",
        address="黄石港区花湖小区3栋",
    ),
    Call(
        "物业擅自提高停车费",
        "团城山某小区物业公司未经业主大会同意，把地面停车费从每月80元涨到150元，请求核查。",
        "urban-property",
        caller="刘先生",
    ),
    Call(
        "公租房申请进度咨询",
        "我去年9月提交的公租房申请一直没有消息，想知道现在审核到哪一步了，还需要补什么材料。",
        "urban-housing-security",
        appeal_type="consult_professional",
        caller="陈女士",
    ),
    Call(
        "小区电梯频繁故障",
        "磁湖路某小区8栋电梯一周内停了三次，有一次还困了人，物业只是简单重启，要求彻底维修。",
        "urban-property",
        caller="赵先生",
    ),
    Call(
        "维修基金使用不透明",
        "小区外墙维修动用了专项维修资金，但物业一直不公示费用明细，业主要求公开账目。",
        "urban-property",
        caller="孙先生",
    ),
    Call(
        "小区垃圾清运不及时",
        "黄石港某小区垃圾桶满了三天没人清运，天气热臭味很大，物业说清运公司没来。",
        "urban-property",
        caller="周女士",
    ),
    Call(
        "开发商延期交房",
        "某楼盘合同约定今年6月交房，到现在还没有交付，开发商也不给说法，请住建部门督促。",
        "urban-property",
        caller="吴先生",
    ),
    Call(
        "物业服务质量差",
        "小区绿化长期无人打理，单元门禁坏了半年，物业费却照收，业主要求更换物业公司。",
        "urban-property",
        caller="郑女士",
    ),
]


def _housing(demo: _Demo) -> None:
    """city-housing's desk: two to sign, work in hand (one due soon, one overdue), a reply for
    the section head, a return for the leader, and what waits for the city platform."""
    calls = iter(_HOUSING)
    # 待签收: dispatched this morning
    for minute in (5, 40):
        demo.sent(next(calls), 0, 8, minute)
    # 办理中, answer deadline tomorrow-ish (due soon) and one long overdue
    for days in (4, 9):
        demo.sent(next(calls), days, 9, signer="handler")
    # 审核中: a reply waiting for the section head
    ticket, main = demo.sent(next(calls), 3, 10, signer="handler")
    demo.reply(
        main,
        "经核查，楼道灯线路老化，已责成物业公司本周内更换线路和灯具，并张贴维修公告。",
        demo.days_ago(1, 15),
        upto="section_head",
    )
    # 退单: asked by the handler, waiting for the unit leader
    ticket, main = demo.sent(next(calls), 1, 9)
    request_return(
        main.pk,
        findings="经核实，该小区为老旧开放式小区，无物业服务企业，垃圾清运由街道负责。",
        policy_basis="《黄石市城市生活垃圾管理办法》第八条",
        suggested_unit="hsg-st-1",
        actor=demo.person("handler"),
        now=demo.days_ago(0, 8, 30),
    )
    # 延期: asked after signing, waiting for the city platform
    ticket, main = demo.sent(next(calls), 3, 14, signer="handler")
    request_extension(
        main.pk,
        working_days=5,
        reason="涉及开发商、银行和不动产登记多个部门，需要组织三方协调会，预计下周召开。",
        actor=demo.person("handler"),
        now=demo.days_ago(1, 10),
    )
    # a return the leader approved, now with the city platform
    ticket, main = demo.sent(next(calls), 2, 9)
    request = request_return(
        main.pk,
        findings="来电反映的小区已于今年成立业委会并自行选聘物业，属业主自治事项。",
        policy_basis="《物业管理条例》第十一条",
        suggested_unit="hsg-st-1",
        actor=demo.person("handler"),
        now=demo.days_ago(1, 9),
    )
    leader_review_return(
        request.pk,
        approve=True,
        comment="同意退单，建议由属地街道指导业委会处理。",
        actor=demo.person("leader"),
        now=demo.days_ago(1, 11),
    )


def _answered(demo: _Demo) -> None:
    """Replies checked by the city platform, callbacks due, and a closed ticket."""
    calls = [
        Call(
            "小区门口占道经营",
            "八泉街道某小区门口每天早上有十几个摊贩占道经营，车辆进出困难，请求整治。",
            "urban-property",
            caller="黄先生",
        ),
        Call(
            "楼顶漏水无人维修",
            "顶楼住户家里每逢下雨就漏水，物业说屋面防水过了保修期要业主自己出钱。",
            "urban-property",
            caller="林女士",
        ),
        Call(
            "物业不开具发票",
            "交了全年物业费，物业公司一直拖着不开发票，说要等年底统一开。",
            "urban-property",
            caller="何先生",
        ),
    ]
    # a reply waiting for the city platform's check
    ticket, main = demo.sent(calls[0], 4, 9, signer="handler")
    demo.reply(
        main,
        "已联合街道城管中队开展整治，设置临时疏导点，今后每日早高峰安排人员值守。",
        demo.days_ago(1, 16),
        upto="platform",
    )
    # answered and approved: the callback is due
    ticket, main = demo.sent(calls[1], 5, 9, signer="handler")
    demo.reply(
        main,
        "经现场查勘，屋面防水层破损属共用部位维修，已启动维修资金应急使用程序，预计两周内完工。",
        demo.days_ago(1, 10),
        upto=None,
    )
    # closed with a satisfied callback
    ticket, main = demo.sent(calls[2], 8, 9, signer="handler")
    demo.reply(
        main,
        "已约谈物业公司，物业公司承诺三个工作日内为业主开具全年物业费发票。",
        demo.days_ago(5, 10),
        upto=None,
    )
    actions.callback_ticket(
        ticket.number,
        result="satisfied",
        comment="发票已经拿到了，谢谢。",
        actor=demo.person("operator"),
        now=demo.days_ago(4, 10),
    )


def _platform(demo: _Demo) -> None:
    """The operator's and the county's desks, the water company, and the supervisor's."""
    # waiting to be dispatched by the city platform
    demo.take(
        Call(
            "广场舞噪音扰民",
            "每天晚上八点到十点，小区旁边广场跳舞音响声音很大，孩子没法写作业。",
            "env-noise",
            region="hsg",
            caller="许女士",
            address="黄石港区沿湖路广场",
        ),
        demo.days_ago(0, 9, 10),
    )
    demo.take(
        Call(
            "工地拖欠农民工工资",
            "我们在某工地干了四个月，包工头拖欠12名工人工资共计15万元，春节前要回家。",
            "labour-wages",
            caller="李师傅",
            enterprise=False,
        ),
        demo.days_ago(0, 9, 25),
    )
    # the county's desk: sent by the city platform to Huangshigang, to pass on (转派)
    demo.sent(
        Call(
            "路面塌陷存在安全隐患",
            "黄石港区某路口人行道塌陷一个大坑，晚上看不清，已经有人崴脚。",
            "urban-roads",
            region="hsg",
            caller="马先生",
            address="黄石港区天虹路口",
        ),
        0,
        8,
        20,
        unit="hsg-platform",
    )
    # the street's desk: a county dispatch passed on to 花湖街道
    _, county = demo.sent(
        Call(
            "社区健身器材损坏",
            "花湖社区广场的健身器材有两台断裂，小孩在上面玩很危险，请尽快维修或拆除。",
            "urban-roads",
            region="hsg",
            caller="高女士",
        ),
        1,
        9,
        unit="hsg-platform",
        signer="county",
    )
    redispatch_assignment(
        county.pk, main_unit="hsg-st-1", actor=demo.person("county"), now=demo.days_ago(1, 10, 5)
    )
    # the water company: an urgent outage, clocks in hours
    demo.sent(
        Call(
            "整栋楼停水无通知",
            "下陆区某小区5栋从早上六点开始停水，没有任何通知，楼里有卧床老人。",
            "utility-water",
            region="xl",
            caller="罗先生",
            urgent=True,
        ),
        0,
        7,
        30,
        unit="hs-water",
    )
    # the supervisor's desk: one supervised and one escalated ticket of city-housing
    supervised, _ = demo.sent(
        Call(
            "安置房质量问题反复投诉",
            "安置小区墙体开裂、地下室渗水，去年反映过一次说整改，到现在还没有修好。",
            "urban-property",
            caller="唐先生",
        ),
        6,
        9,
        signer="handler",
    )
    open_supervision(
        supervised.number,
        reason="群众反复投诉、整改不到位，请市住建局5个工作日内报送整改方案。",
        deadline=demo.days_ago(-5, 17).isoformat(),
        actor=demo.person("supervisor"),
        now=demo.days_ago(1, 14),
    )
    escalated, _ = demo.sent(
        Call(
            "老旧小区改造施工扰民",
            "老旧小区改造工程每天晚上施工到十一点以后，多次反映给施工方没有改善。",
            "urban-property",
            caller="冯女士",
        ),
        5,
        9,
        signer="handler",
    )
    escalate_ticket(
        escalated.number,
        reason="涉及住建、城管和生态环境多个部门，承办单位协调不了，提请分管副市长协调。",
        actor=demo.person("dispatcher"),
        now=demo.days_ago(2, 15),
    )


_PARTS: list[Callable[[_Demo], None]] = [_housing, _answered, _platform]


def load_demo_tickets(now: datetime | None = None) -> int:
    """Create the sample tickets unless the database already holds tickets; return how many
    were created (0 when left alone). The SLA sweep then sets the warnings and overdue marks,
    and the people concerned are told (the bell), as the worker would within the minute."""
    if Ticket.objects.exists():
        return 0
    demo = _Demo(now or timezone.now())
    with transaction.atomic():
        for part in _PARTS:
            part(demo)
    from jiesu.notifications.actions import deliver
    from jiesu.tickets.actions.sla import sweep

    sweep(now=demo.now)
    deliver(now=demo.now)
    return Ticket.objects.count()
