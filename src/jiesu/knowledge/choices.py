from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("政策文件")
    FAQ = "faq", _("常见问答")
    ANSWERED = "answered", _("已答复诉求")
    CASE = "case", _("案例")


class DocumentStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    EXPIRED = "expired", _("已失效")
    DISABLED = "disabled", _("已停用")
    SUPERSEDED = "superseded", _("已被新版本替代")


class UseKind(models.TextChoices):
    SCRIPT = "script", _("答复话术")
    PASSAGE = "passage", _("原文段落")
    DRAFT = "draft", _("模型草拟答复")


class SearchChannel(models.TextChoices):
    API = "api", _("接口")
    DESK = "desk", _("工作台")
    CLI = "cli", _("命令行")
