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
    help = "知识库：导入政策文件与问答、检索、失效/停用、重建索引。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("import", help="导入文件（.txt .pdf .docx .html，可为目录）")
        p.add_argument("paths", nargs="+")
        p = sub.add_parser("import-answers", help="导入已答复问答（CSV）")
        p.add_argument("path")
        p.add_argument("--faq", action="store_true", help="作为常见问答（默认：已答复诉求）")
        p.add_argument("--limit", type=int, default=None)
        p = sub.add_parser("search", help="检索")
        p.add_argument("text")
        p.add_argument("-k", type=int, default=5)
        p.add_argument("--json", action="store_true")
        for verb in ("expire", "disable", "enable"):
            p = sub.add_parser(verb, help=actions.VERB_LABELS[verb])
            p.add_argument("doc_id", type=int)
        p = sub.add_parser("reindex", help="重建索引（全部或一个文档）")
        p.add_argument("doc_id", type=int, nargs="?")

    def handle(self, *args, verb: str, **options):
        try:
            getattr(self, "do_" + verb.replace("-", "_"))(**options)
        except JiesuError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from exc

    def do_import(self, paths, **_):
        files = _files(paths)
        bar = tqdm(files, unit="文件", disable=None)
        failed = 0
        for report in actions.import_paths(bar, actor=SYSTEM):
            if report.status == "failed":
                failed += 1
                self.stderr.write(f"✗ {report.name}：{report.message}")
            elif report.status == "duplicate":
                self.stdout.write(f"= {report.name}：{report.message}")
            else:
                self.stdout.write(f"✓ {actions.report_summary(report)}")
        if failed:
            raise CommandError(f"{failed} 个文件未能导入（其余已导入）。")

    def do_import_answers(self, path, faq, limit, **_):
        kind = DocumentKind.FAQ if faq else DocumentKind.ANSWERED
        bar = tqdm(unit="条", disable=None)
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
            raise CommandError(f"{report.name}：{report.message}")
        self.stdout.write(
            f"{report.name}：新增 {report.created} 条，未变 {report.unchanged} 条。{report.message}"
        )

    def do_search(self, text, k, json, **_):
        started = time.perf_counter()
        hits = search.search(text, k=k)
        elapsed = int((time.perf_counter() - started) * 1000)
        actions.log_search(text, hits, actor=SYSTEM, channel=SearchChannel.CLI, elapsed_ms=elapsed)
        if json:
            self.stdout.write(_json([h.as_dict() for h in hits]))
            return
        if not hits:
            self.stdout.write("知识库中没有找到相关内容。")
            return
        for n, h in enumerate(hits, 1):
            self.stdout.write(f"{n}. {h.citation}  {h.issuer} {h.date or ''}  得分 {h.score:.2f}")
            if h.heading:
                self.stdout.write(f"   〔{h.heading}〕")
            self.stdout.write("   " + h.passage.replace("\n", "\n   "))
        self.stdout.write("\n参考话术：\n" + reply_script(text, hits))
        self.stdout.write(f"\n（{elapsed} 毫秒）")

    def _status(self, verb, doc_id):
        doc = actions.change_status(doc_id, verb, actor=SYSTEM)
        self.stdout.write(f"{doc.title}：{doc.get_status_display()}")

    def do_expire(self, doc_id, **_):
        self._status("expire", doc_id)

    def do_disable(self, doc_id, **_):
        self._status("disable", doc_id)

    def do_enable(self, doc_id, **_):
        self._status("enable", doc_id)

    def do_reindex(self, doc_id, **_):
        count = actions.reindex(doc_id, actor=SYSTEM)
        self.stdout.write(f"已重建索引：{count} 个段落。")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
