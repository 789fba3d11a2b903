"""Where a reply's review waits, stored (decision 0030): the level (``levels[level_index]``) and
the unit whose people review at it, for every reply in review; then the index the reply queue
reads as one range per level."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BATCH = 2000


def _reviewing_unit(level, assignment):
    """The rule of ``permissions.reviewing_unit_id`` as of this migration."""
    if level == "upper" and assignment.parent_id:
        return assignment.parent.unit_id
    if level == "platform":
        return assignment.dispatched_from_id
    return assignment.unit_id


def backfill(apps, schema_editor):
    Reply = apps.get_model("tickets", "Reply")
    in_review = Reply.objects.filter(status="in_review").select_related("assignment__parent")
    batch = []
    for reply in in_review.order_by("id").iterator(chunk_size=BATCH):
        levels = reply.levels or []
        level = levels[reply.level_index] if reply.level_index < len(levels) else None
        reply.awaiting_level = level or ""
        reply.awaiting_unit_id = _reviewing_unit(level, reply.assignment) if level else None
        batch.append(reply)
        if len(batch) >= BATCH:
            Reply.objects.bulk_update(batch, ["awaiting_level", "awaiting_unit"])
            batch = []
    Reply.objects.bulk_update(batch, ["awaiting_level", "awaiting_unit"])
    Reply.objects.exclude(status="in_review").exclude(awaiting_level="").update(
        awaiting_level="", awaiting_unit=None
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0002_token_expiry'),
        ('tickets', '0014_enterprise_event_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reply',
            name='awaiting_level',
            field=models.CharField(blank=True, default='', choices=[('section_head', '科室负责人审核'), ('deputy_leader', '分管负责同志审核'), ('upper', '上级平台/市直部门审核'), ('platform', '12345平台审核')], max_length=20, verbose_name='待审核环节'),
        ),
        migrations.AddField(
            model_name='reply',
            name='awaiting_unit',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.unit', verbose_name='待审核单位'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='reply',
            index=models.Index(condition=models.Q(('status', 'in_review')), fields=['awaiting_unit', 'awaiting_level', 'created_at', 'id'], name='reply_awaiting'),
        ),
    ]
