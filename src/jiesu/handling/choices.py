from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class ReturnStatus(models.TextChoices):
    LEADER_REVIEW = "leader_review", _("待分管负责同志审核")
    LEADER_REFUSED = "leader_refused", _("分管负责同志不同意")
    PENDING = "pending", _("待审核")
    DISPUTED = "disputed", _("派单争议审核中")
    ACCEPTED = "accepted", _("同意退单")
    REFUSED = "refused", _("不同意退单")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_RETURN_STATUSES = (ReturnStatus.LEADER_REVIEW, ReturnStatus.PENDING, ReturnStatus.DISPUTED)

# The stamped statement (加盖公章的退单情况说明): a scan or a PDF.
STATEMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
STATEMENT_MAX_BYTES = 10 * 1024 * 1024
