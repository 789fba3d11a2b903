"""``jiesu deliveries``: the webhook delivery log and its dead letters.

jiesu deliveries list [--status dead] [--target CODE] [--page N]
jiesu deliveries retry ID [ID …] | --all-dead
jiesu deliveries send            # attempt every due delivery now (what the worker does each minute)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.core.errors import JiesuError
from jiesu.diversion import deliveries
from jiesu.diversion.choices import DeliveryStatus
from jiesu.diversion.models import Delivery
from jiesu.diversion.queries import delivery_page
from jiesu.organisation.actor import Actor
from jiesu.organisation.choices import Role

# the command line acts as an administrator
CLI = Actor(user_id=None, username="cli", role=Role.ADMIN, unit=None)
PAGE_SIZE = 50


class Command(BaseCommand):
    help = gettext_lazy(
        "对外推送：jiesu deliveries list|retry|send — 投递记录、死信重新投递、立即投递到期推送。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
        listing = sub.add_parser("list", help=_("投递记录，最新在前（--status dead 为死信列表）"))
        listing.add_argument("--status", choices=DeliveryStatus.values)
        listing.add_argument("--target", help=_("接收方（分流渠道编码或城市应用名称）"))
        listing.add_argument("--page", type=int, default=1)
        retry = sub.add_parser("retry", help=_("死信重新投递"))
        retry.add_argument("ids", nargs="*", type=int)
        retry.add_argument("--all-dead", action="store_true", help=_("全部死信"))
        sub.add_parser("send", help=_("立即尝试投递所有到期的推送"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['sub']}")(options)
        except JiesuError as exc:
            raise CommandError(exc.message, returncode=2) from exc

    def _list(self, options: dict[str, Any]) -> None:
        rows, has_next = delivery_page(
            CLI,
            status=options["status"],
            target=options["target"],
            page=options["page"],
            page_size=PAGE_SIZE,
        )
        for d in rows:
            created = timezone.localtime(d.created_at)
            self.stdout.write(
                f"{d.pk}\t{d.get_status_display()}\t{d.target}\t{d.event}\t{d.ticket.number}\t"
                f"{d.attempts}/{d.attempt_limit}\t{created:%Y-%m-%d %H:%M}\t{d.last_error}"
            )
        if not rows:
            self.stdout.write(_("（无）"))
        if has_next:
            self.stdout.write(_("更多：--page %(page)s") % {"page": options["page"] + 1})

    def _retry(self, options: dict[str, Any]) -> None:
        ids = list(options["ids"])
        if options["all_dead"]:
            ids += list(
                Delivery.objects.filter(status=DeliveryStatus.DEAD)
                .order_by("id")
                .values_list("pk", flat=True)
            )
        if not ids:
            raise CommandError(
                _("请给出投递编号，或用 --all-dead 重新投递全部死信。"), returncode=2
            )
        for pk in dict.fromkeys(ids):
            deliveries.retry(pk, actor=CLI)
            self.stdout.write(_("已重新排队：%(pk)s") % {"pk": pk})

    def _send(self, options: dict[str, Any]) -> None:
        count = deliveries.send_due()
        self.stdout.write(_("已尝试投递 %(count)s 条。") % {"count": count})
