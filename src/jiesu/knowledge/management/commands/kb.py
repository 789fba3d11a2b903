"""``jiesu kb``: the knowledge base from the command line.

jiesu kb import PATH…            gazettes and documents (.txt .pdf .docx .html; folders too)
jiesu kb import-answers FILE.csv answered questions (question/subject, answer/reply, date)
jiesu kb search TEXT [-k N] [--json]
jiesu kb expire|disable|enable DOC_ID
jiesu kb reindex [DOC_ID]
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from jiesu.core.errors import JiesuError
from jiesu.knowledge import actions, extract, search
from jiesu.knowledge.choices import DocumentKind, SearchChannel
from jiesu.knowledge.scripts import reply_script
from jiesu.organisation.actor import SYSTEM


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in extract.SUFFIXES)
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = _("知识库：导入政策文件与问答、检索、失效/停用、重建索引。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("import", help=_("导入文件（.txt .pdf .docx .html，可为目录）"))
        p.add_argument("paths", nargs="+")
        p = sub.add_parser("import-answers", help=_("导入已答复问答（CSV）"))
        p.add_argument("path")
        p.add_argument("--faq", action="store_true", help=_("作为常见问答（默认：已答复诉求）"))
        p.add_argument("--limit", type=int, default=None)
        p = sub.add_parser("search", help=_("检索"))
        p.add_argument("text")
        p.add_argument("-k", type=int, default=5)
        p.add_argument("--json", action="store_true")
        for verb in ("expire", "disable", "enable"):
            p = sub.add_parser(verb, help=_(actions.VERB_LABELS[verb]))
            p.add_argument("doc_id", type=int)
        p = sub.add_parser("reindex", help=_("重建索引（全部或一个文档）"))
        p.add_argument("doc_id", type=int, nargs="?")

    def handle(self, *args, verb: str, **options):
        try:
            getattr(self, "do_" + verb.replace("-", "_"))(**options)
        except JiesuError as exc:
            raise CommandError(
                _("%(message)s（%(error)s）") % {"message": exc.message, "error": exc.code}
            ) from exc

    def do_import(self, paths, **options):
        files = _files(paths)
        bar = tqdm(files, unit=_("文件"), disable=None)
        failed = 0
        for report in actions.import_paths(bar, actor=SYSTEM):
            if report.status == "failed":
                failed += 1
                self.stderr.write("✗ " + _named(report.name, report.message))
            elif report.status == "duplicate":
                self.stdout.write("= " + _named(report.name, report.message))
            else:
                self.stdout.write(f"✓ {actions.report_summary(report)}")
        if failed:
            raise CommandError(_("%(n)s 个文件未能导入（其余已导入）。") % {"n": failed})

    def do_import_answers(self, path, faq, limit, **options):
        kind = DocumentKind.FAQ if faq else DocumentKind.ANSWERED
        bar = tqdm(unit=_("条"), disable=None)
        report = actions.import_answers(
            Path(path).name,
            Path(path).read_bytes(),
            actor=SYSTEM,
            kind=kind,
            limit=limit,
            progress=lambda n: bar.update(1),
        )
        bar.close()
        if report.status == "failed":
            raise CommandError(_named(report.name, report.message))
        self.stdout.write(
            _("%(name)s：新增 %(created)s 条，未变 %(unchanged)s 条。")
            % {
                "name": report.name,
                "created": report.created,
                "unchanged": report.unchanged,
            }
            + report.message
        )

    def do_search(self, text, k, json, **options):
        started = time.perf_counter()
        hits = search.search(text, k=k)
        elapsed = int((time.perf_counter() - started) * 1000)
        actions.log_search(text, hits, actor=SYSTEM, channel=SearchChannel.CLI, elapsed_ms=elapsed)
        if json:
            self.stdout.write(_json([h.as_dict() for h in hits]))
            return
        if not hits:
            self.stdout.write(_("知识库中没有找到相关内容。"))
            return
        for n, h in enumerate(hits, 1):
            score = _("得分 %(score).2f") % {"score": h.score}
            self.stdout.write(f"{n}. {h.citation}  {h.issuer} {h.date or ''}  {score}")
            if h.heading:
                self.stdout.write(f"   〔{h.heading}〕")
            self.stdout.write("   " + h.passage.replace("\n", "\n   "))
        self.stdout.write("\n" + _("参考话术：") + "\n" + reply_script(text, hits))
        self.stdout.write("\n" + _("（%(ms)s 毫秒）") % {"ms": elapsed})

    def _status(self, verb, doc_id):
        doc = actions.change_status(doc_id, verb, actor=SYSTEM)
        self.stdout.write(_named(doc.title, doc.get_status_display()))

    def do_expire(self, doc_id, **options):
        self._status("expire", doc_id)

    def do_disable(self, doc_id, **options):
        self._status("disable", doc_id)

    def do_enable(self, doc_id, **options):
        self._status("enable", doc_id)

    def do_reindex(self, doc_id, **options):
        count = actions.reindex(doc_id, actor=SYSTEM)
        self.stdout.write(_("已重建索引：%(n)s 个段落。") % {"n": count})


def _named(name: str, message: str) -> str:
    """The line "name：message": a file and what became of it, a document and its status."""
    return _("%(name)s：%(message)s") % {"name": name, "message": message}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
