"""The leader's review of a return becomes the leader's own act (R15, decision 0014): the typed
``leader_approved_by`` becomes ``leader_reviewed_by`` (set by the leader's review), with when and
the leader's comment, and two states before the platform's queue."""

from django.conf import settings
from django.db import migrations, models


def stamp_legacy_approvals(apps, schema_editor):
    # Requests filed before this change named their leader at filing time: keep that name as
    # the review, dated at the filing, so the record says what it said before.
    ReturnRequest = apps.get_model("handling", "ReturnRequest")
    ReturnRequest.objects.filter(leader_reviewed_by__isnull=False).update(
        leader_reviewed_at=models.F("requested_at")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("handling", "0002_withdrawn_requests"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="returnrequest", name="one_open_return"),
        migrations.RenameField(
            model_name="returnrequest", old_name="leader_approved_by", new_name="leader_reviewed_by"
        ),
        migrations.AlterField(
            model_name="returnrequest",
            name="leader_reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="审核的分管负责同志",
            ),
        ),
        migrations.AddField(
            model_name="returnrequest",
            name="leader_reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="分管负责同志审核时间"),
        ),
        migrations.AddField(
            model_name="returnrequest",
            name="leader_comment",
            field=models.TextField(blank=True, verbose_name="分管负责同志审核意见"),
        ),
        migrations.AlterField(
            model_name="returnrequest",
            name="status",
            field=models.CharField(
                choices=[
                    ("leader_review", "待分管负责同志审核"),
                    ("leader_refused", "分管负责同志不同意"),
                    ("pending", "待审核"),
                    ("disputed", "派单争议审核中"),
                    ("accepted", "同意退单"),
                    ("refused", "不同意退单"),
                    ("withdrawn", "已撤回"),
                ],
                default="leader_review",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AddConstraint(
            model_name="returnrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(status__in=["leader_review", "pending", "disputed"]),
                fields=("assignment",),
                name="one_open_return",
            ),
        ),
        migrations.RunPython(stamp_legacy_approvals, migrations.RunPython.noop),
    ]
