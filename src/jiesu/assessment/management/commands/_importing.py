"""What the import commands share: a progress bar while rows are checked, and the report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from jiesu.assessment.imports import ImportRejected, ImportResult
from jiesu.core.errors import JiesuError

BAD_INPUT = 2


def run_import(
    command: BaseCommand, importer: Callable[..., ImportResult], path: str, what: str
) -> None:
    file = Path(path)
    if not file.is_file():
        raise CommandError(_("文件不存在：%(path)s") % {"path": path}, returncode=BAD_INPUT)
    bar = tqdm(desc=_("检查%(what)s") % {"what": what}, unit=_("行"), file=sys.stderr, disable=None)
    try:
        result = importer(file, now=timezone.now(), progress=bar.update)
    except ImportRejected as exc:
        bar.close()
        for line, reason in exc.result.rejected:
            command.stderr.write(_("第 %(line)s 行：%(reason)s") % {"line": line, "reason": reason})
        raise CommandError(exc.message, returncode=BAD_INPUT) from exc
    except JiesuError as exc:
        bar.close()
        raise CommandError(exc.message, returncode=BAD_INPUT) from exc
    bar.close()
    command.stdout.write(
        _(
            "共 %(rows)s 行：新导入 %(created)s 条%(what)s，已导入过且内容相同 %(unchanged)s 条（未改动）。"
        )
        % {
            "rows": result.rows,
            "created": result.created,
            "what": what,
            "unchanged": result.unchanged,
        }
    )
