"""What the import commands share: a progress bar while rows are checked, and the report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from jiesu.assessment.imports import ImportRejected, ImportResult
from jiesu.core.errors import JiesuError

BAD_INPUT = 2


def run_import(
    command: BaseCommand, importer: Callable[..., ImportResult], path: str, what: str
) -> None:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"文件不存在：{path}", returncode=BAD_INPUT)
    bar = tqdm(desc=f"检查{what}", unit="行", file=sys.stderr, disable=None)
    try:
        result = importer(file, now=timezone.now(), progress=bar.update)
    except ImportRejected as exc:
        bar.close()
        for line, reason in exc.result.rejected:
            command.stderr.write(f"第 {line} 行：{reason}")
        raise CommandError(exc.message, returncode=BAD_INPUT) from exc
    except JiesuError as exc:
        bar.close()
        raise CommandError(exc.message, returncode=BAD_INPUT) from exc
    bar.close()
    command.stdout.write(
        f"共 {result.rows} 行：新导入 {result.created} 条{what}，"
        f"已导入过且内容相同 {result.unchanged} 条（未改动）。"
    )
