from django.db import models


class DocumentKind(models.TextChoices):
    POLICY = "policy", "政策文件"
    FAQ = "faq", "常见问答"
    ANSWERED = "answered", "已答复诉求"
    CASE = "case", "案例"


class DocumentStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    EXPIRED = "expired", "已失效"
    DISABLED = "disabled", "已停用"
    SUPERSEDED = "superseded", "已被新版本替代"


class UseKind(models.TextChoices):
    SCRIPT = "script", "答复话术"
    PASSAGE = "passage", "原文段落"
    DRAFT = "draft", "模型草拟答复"


class SearchChannel(models.TextChoices):
    API = "api", "接口"
    DESK = "desk", "工作台"
    CLI = "cli", "命令行"
