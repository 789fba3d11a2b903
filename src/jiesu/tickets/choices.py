from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WEB = "web", _("网站")
    APP = "app", _("APP/小程序")
    OPEN311 = "open311", "Open311"
    SMS = "sms", _("短信")
    EMAIL = "email", _("邮件")
    ENTERPRISE_DESK = "enterprise_desk", _("企业服务专席")
    POLICE110 = "police110", _("110转接（非警务求助）")
    PROVINCE = "province", _("省级平台转办")


class AppealType(models.TextChoices):
    CONSULT_GENERAL = "consult_general", _("一般咨询")
    CONSULT_PROFESSIONAL = "consult_professional", _("专业咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


class DispatchClass(models.TextChoices):
    A = "A", _("A类（接诉即办）")
    B = "B", _("B类（跨部门/跨层级联办）")
    C = "C", _("C类（提级办理重点诉求）")
    D = "D", _("D类（分流至其他渠道）")


class Track(models.TextChoices):
    ONLINE = "online", _("在线即办")
    FAST = "fast", _("联动快办")
    TIME_LIMITED = "time_limited", _("限时处办")
    PROACTIVE = "proactive", _("未诉先办")
    SUPERVISED = "supervised", _("高位督办")


class TicketStatus(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    ANSWERED_ONLINE = "answered_online", _("已直办")
    DIVERTED = "diverted", _("已分流")
    DISPATCHED = "dispatched", _("已派单")
    REPLIED = "replied", _("已答复")
    REHANDLING = "rehandling", _("重办")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已并单")


class AssignmentRole(models.TextChoices):
    MAIN = "main", _("主办")
    ASSIST = "assist", _("协办")


class AssignmentStatus(models.TextChoices):
    PENDING_SIGN = "pending_sign", _("待签收")
    HANDLING = "handling", _("办理中")
    REPLY_REVIEW = "reply_review", _("答复审核中")
    ANSWERED = "answered", _("已答复")
    RETURN_REVIEW = "return_review", _("退单审核中")
    RETURNED = "returned", _("已退回")
    REDISPATCHED = "redispatched", _("已转派")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_ASSIGNMENT_STATUSES = (
    AssignmentStatus.PENDING_SIGN,
    AssignmentStatus.HANDLING,
    AssignmentStatus.REPLY_REVIEW,
    AssignmentStatus.RETURN_REVIEW,
)


class ReplyStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("审核中")
    APPROVED = "approved", _("已通过")
    SENT_BACK = "sent_back", _("退回重办")


class ReviewLevel(models.TextChoices):
    SECTION_HEAD = "section_head", _("科室负责人审核")
    DEPUTY_LEADER = "deputy_leader", _("分管负责同志审核")
    UPPER = "upper", _("上级平台/市直部门审核")
    PLATFORM = "platform", _("12345平台审核")


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    UNREACHED = "unreached", _("未联系上")


class EventKind(models.TextChoices):
    INTAKE = "intake", _("受理")
    ANSWERED_ONLINE = "answered_online", _("在线直办答复")
    DISPATCHED = "dispatched", _("派单")
    SIGNED = "signed", _("签收")
    REPLY_SUBMITTED = "reply_submitted", _("提交答复")
    REPLY_REVIEWED = "reply_reviewed", _("答复审核")
    REPLY_APPROVED = "reply_approved", _("答复审核通过")
    REPLY_SENT_BACK = "reply_sent_back", _("答复退回重办")
    TICKET_REPLIED = "ticket_replied", _("工单已答复")
    CALLBACK = "callback", _("回访")
    REHANDLING = "rehandling", _("重办")
    CLOSED = "closed", _("办结")
    SIGN_WARNING = "sign_warning", _("签收预警")
    SIGN_OVERDUE = "sign_overdue", _("签收超期")
    ANSWER_WARNING = "answer_warning", _("办结预警")
    ANSWER_OVERDUE = "answer_overdue", _("办结超期")
    DEADLINES_RECOMPUTED = "deadlines_recomputed", _("时限重算")
    CLASSIFIED = "classified", _("分类调整")
    CATEGORY_CHANGED = "category_changed", _("派单目录调整")
    DIVERTED = "diverted", _("分流")
    EXTERNAL_RESULT = "external_result", _("外部渠道结果回传")
    MERGED = "merged", _("并单")
    UNMERGED = "unmerged", _("取消并单")
    ASSIGNMENT_WITHDRAWN = "assignment_withdrawn", _("撤回交办")
    ESCALATED = "escalated", _("提级协调")
    SUPERVISION_OPENED = "supervision_opened", _("督办")
    SUPERVISION_CLOSED = "supervision_closed", _("督办办结")
    INSTRUCTION = "instruction", _("领导批示")
    CLUE_TRANSFERRED = "clue_transferred", _("问题线索移交")
    REDISPATCHED = "redispatched", _("转派")
    RETURN_REQUESTED = "return_requested", _("申请退单")
    RETURN_STATEMENT_ATTACHED = "return_statement_attached", _("上传退单情况说明")
    RETURN_DECIDED = "return_decided", _("退单审核")
    RETURNED_TO_PLATFORM = "returned_to_platform", _("退单退回平台")
    RETURN_WITHDRAWN = "return_withdrawn", _("退单申请撤回")
    DISPUTE_OPENED = "dispute_opened", _("派单争议审核")
    DISPUTE_DECIDED = "dispute_decided", _("派单争议裁定")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_DECIDED = "extension_decided", _("延期审核")
    EXTENSION_WITHDRAWN = "extension_withdrawn", _("延期申请撤回")
    RETURN_LEADER_APPROVED = "return_leader_approved", _("分管负责同志同意退单")
    RETURN_LEADER_REFUSED = "return_leader_refused", _("分管负责同志不同意退单")
    ESCALATION_FEEDBACK = "escalation_feedback", _("提级协调反馈")
    ESCALATION_WARNING = "escalation_warning", _("提级协调反馈预警")
    ESCALATION_OVERDUE = "escalation_overdue", _("提级协调反馈超期")
    SUPERVISION_FEEDBACK = "supervision_feedback", _("督办反馈")
    SUPERVISION_WARNING = "supervision_warning", _("督办预警")
    SUPERVISION_OVERDUE = "supervision_overdue", _("督办超期")
    INSTRUCTION_FEEDBACK = "instruction_feedback", _("批示件反馈")
    INSTRUCTION_WARNING = "instruction_warning", _("批示件反馈预警")
    INSTRUCTION_OVERDUE = "instruction_overdue", _("批示件反馈超期")
    ENTERPRISE_REGISTERED = "enterprise_registered", _("兜底办问题登记")
    ENTERPRISE_ACCEPTED = "enterprise_accepted", _("兜底办综合受理")
    ENTERPRISE_DECLINED = "enterprise_declined", _("兜底办不予受理")


# Kinds that only the platform and the supervisors read in a ticket's event log: a misconduct clue
# (R19) may be about the very unit that handles the ticket.
SUPERVISION_ONLY_EVENT_KINDS = frozenset({EventKind.CLUE_TRANSFERRED})
