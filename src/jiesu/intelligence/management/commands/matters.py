"""``jiesu matters``: the same-matter index (一事多人) behind the duplicate suggestions.

jiesu matters status                 # is every key of the current formula?
jiesu matters reindex [--batch N]    # rewrite the keys of an older formula (after an upgrade)
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from jiesu.intelligence import matching, matterindex
from jiesu.tickets.models import Ticket


class Command(BaseCommand):
    help = gettext_lazy(
        "相似事项索引：查看（status）；重建（reindex，升级后把旧版本写入的键按批改写为当前方案，"
        "可重复运行，中断后再次运行即从未完成处继续）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help=_("索引是否全部为当前方案"))
        reindex = sub.add_parser("reindex", help=_("按批改写旧方案的键"))
        reindex.add_argument(
            "--batch",
            type=int,
            default=matterindex.BATCH,
            help=_("每批（一个事务）的工单数"),
        )

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _status(self, **_options):
        matterindex.forget()
        problem = matterindex.problem()
        if problem:
            self.stdout.write(self.style.WARNING(problem))
        else:
            self.stdout.write(
                _("相似事项索引为当前方案（%(scheme)s：%(bands)s 段 × %(rows)s 行）。")
                % {"scheme": matching.SCHEME, "bands": matching.BANDS, "rows": matching.ROWS}
            )

    def _reindex(self, *, batch: int, **_options):
        if batch < 1:
            raise CommandError(_("--batch 须为正整数。"))
        started = time.perf_counter()
        with tqdm(
            total=Ticket.objects.count(), desc=_("重建索引"), unit=_("件"), file=self.stderr._out
        ) as bar:
            result = matterindex.reindex(batch=batch, progress=bar.update)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "读取 %(read)s 件工单，改写 %(rewritten)s 件（%(keys)s 个键），用时 "
                    "%(seconds).1f 秒（%(rate).0f 件/秒）。"
                )
                % {
                    "read": result.read,
                    "rewritten": result.rewritten,
                    "keys": result.keys_written,
                    "seconds": seconds,
                    "rate": result.read / seconds if seconds else 0,
                }
            )
        )
        problem = matterindex.problem()
        if problem:  # keys of an older scheme written meanwhile by a process not yet upgraded
            self.stdout.write(self.style.WARNING(problem))
