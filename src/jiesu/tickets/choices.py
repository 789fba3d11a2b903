from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    WEB = "web", "网站"
    APP = "app", "APP/小程序"
    OPEN311 = "open311", "Open311"
    SMS = "sms", "短信"
    EMAIL = "email", "邮件"
    ENTERPRISE_DESK = "enterprise_desk", "企业服务专席"
    POLICE110 = "police110", "110转接（非警务求助）"
    PROVINCE = "province", "省级平台转办"


class AppealType(models.TextChoices):
    CONSULT_GENERAL = "consult_general", "一般咨询"
    CONSULT_PROFESSIONAL = "consult_professional", "专业咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


class DispatchClass(models.TextChoices):
    A = "A", "A类（接诉即办）"
    B = "B", "B类（跨部门/跨层级联办）"
    C = "C", "C类（提级办理重点诉求）"
    D = "D", "D类（分流至其他渠道）"


class Track(models.TextChoices):
    ONLINE = "online", "在线即办"
    FAST = "fast", "联动快办"
    TIME_LIMITED = "time_limited", "限时处办"
    PROACTIVE = "proactive", "未诉先办"
    SUPERVISED = "supervised", "高位督办"


class TicketStatus(models.TextChoices):
    ACCEPTED = "accepted", "已受理"
    ANSWERED_ONLINE = "answered_online", "已直办"
    DIVERTED = "diverted", "已分流"
    DISPATCHED = "dispatched", "已派单"
    REPLIED = "replied", "已答复"
    REHANDLING = "rehandling", "重办"
    CLOSED = "closed", "已办结"
    MERGED = "merged", "已并单"


class AssignmentRole(models.TextChoices):
    MAIN = "main", "主办"
    ASSIST = "assist", "协办"


class AssignmentStatus(models.TextChoices):
    PENDING_SIGN = "pending_sign", "待签收"
    HANDLING = "handling", "办理中"
    REPLY_REVIEW = "reply_review", "答复审核中"
    ANSWERED = "answered", "已答复"
    RETURN_REVIEW = "return_review", "退单审核中"
    RETURNED = "returned", "已退回"
    REDISPATCHED = "redispatched", "已转派"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_ASSIGNMENT_STATUSES = (
    AssignmentStatus.PENDING_SIGN,
    AssignmentStatus.HANDLING,
    AssignmentStatus.REPLY_REVIEW,
    AssignmentStatus.RETURN_REVIEW,
)


class ReplyStatus(models.TextChoices):
    IN_REVIEW = "in_review", "审核中"
    APPROVED = "approved", "已通过"
    SENT_BACK = "sent_back", "退回重办"


class ReviewLevel(models.TextChoices):
    SECTION_HEAD = "section_head", "科室负责人审核"
    DEPUTY_LEADER = "deputy_leader", "分管负责同志审核"
    UPPER = "upper", "上级平台/市直部门审核"
    PLATFORM = "platform", "12345平台审核"


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    UNREACHED = "unreached", "未联系上"


class EventKind(models.TextChoices):
    INTAKE = "intake", "受理"
    ANSWERED_ONLINE = "answered_online", "在线直办答复"
    DISPATCHED = "dispatched", "派单"
    SIGNED = "signed", "签收"
    REPLY_SUBMITTED = "reply_submitted", "提交答复"
    REPLY_REVIEWED = "reply_reviewed", "答复审核"
    REPLY_APPROVED = "reply_approved", "答复审核通过"
    REPLY_SENT_BACK = "reply_sent_back", "答复退回重办"
    TICKET_REPLIED = "ticket_replied", "工单已答复"
    CALLBACK = "callback", "回访"
    REHANDLING = "rehandling", "重办"
    CLOSED = "closed", "办结"
    SIGN_WARNING = "sign_warning", "签收预警"
    SIGN_OVERDUE = "sign_overdue", "签收超期"
    ANSWER_WARNING = "answer_warning", "办结预警"
    ANSWER_OVERDUE = "answer_overdue", "办结超期"
    DEADLINES_RECOMPUTED = "deadlines_recomputed", "时限重算"
    CLASSIFIED = "classified", "分类调整"
    CATEGORY_CHANGED = "category_changed", "派单目录调整"
    DIVERTED = "diverted", "分流"
    EXTERNAL_RESULT = "external_result", "外部渠道结果回传"
    MERGED = "merged", "并单"
    UNMERGED = "unmerged", "取消并单"
    ASSIGNMENT_WITHDRAWN = "assignment_withdrawn", "撤回交办"
    ESCALATED = "escalated", "提级协调"
    SUPERVISION_OPENED = "supervision_opened", "督办"
    SUPERVISION_CLOSED = "supervision_closed", "督办办结"
    INSTRUCTION = "instruction", "领导批示"
    CLUE_TRANSFERRED = "clue_transferred", "问题线索移交"
    REDISPATCHED = "redispatched", "转派"
    RETURN_REQUESTED = "return_requested", "申请退单"
    RETURN_STATEMENT_ATTACHED = "return_statement_attached", "上传退单情况说明"
    RETURN_DECIDED = "return_decided", "退单审核"
    RETURNED_TO_PLATFORM = "returned_to_platform", "退单退回平台"
    RETURN_WITHDRAWN = "return_withdrawn", "退单申请撤回"
    DISPUTE_OPENED = "dispute_opened", "派单争议审核"
    DISPUTE_DECIDED = "dispute_decided", "派单争议裁定"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_DECIDED = "extension_decided", "延期审核"
    EXTENSION_WITHDRAWN = "extension_withdrawn", "延期申请撤回"
    RETURN_LEADER_APPROVED = "return_leader_approved", "分管负责同志同意退单"
    RETURN_LEADER_REFUSED = "return_leader_refused", "分管负责同志不同意退单"
    ESCALATION_FEEDBACK = "escalation_feedback", "提级协调反馈"
    ESCALATION_WARNING = "escalation_warning", "提级协调反馈预警"
    ESCALATION_OVERDUE = "escalation_overdue", "提级协调反馈超期"
    SUPERVISION_FEEDBACK = "supervision_feedback", "督办反馈"
    SUPERVISION_WARNING = "supervision_warning", "督办预警"
    SUPERVISION_OVERDUE = "supervision_overdue", "督办超期"
    INSTRUCTION_FEEDBACK = "instruction_feedback", "批示件反馈"
    INSTRUCTION_WARNING = "instruction_warning", "批示件反馈预警"
    INSTRUCTION_OVERDUE = "instruction_overdue", "批示件反馈超期"
    ENTERPRISE_REGISTERED = "enterprise_registered", "兜底办问题登记"
    ENTERPRISE_ACCEPTED = "enterprise_accepted", "兜底办综合受理"
    ENTERPRISE_DECLINED = "enterprise_declined", "兜底办不予受理"


# Kinds that only the platform and the supervisors read in a ticket's event log: a misconduct clue
# (R19) may be about the very unit that handles the ticket.
SUPERVISION_ONLY_EVENT_KINDS = frozenset({EventKind.CLUE_TRANSFERRED})
