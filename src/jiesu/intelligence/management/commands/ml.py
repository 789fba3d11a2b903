"""jiesu ml train | predict TEXT | evaluate FILE | status — the category classifier."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiesu.catalogue.models import Category
from jiesu.intelligence import classifier, store, training
from jiesu.intelligence.models import TrainedModel


class Command(BaseCommand):
    help = gettext_lazy(
        "分类模型：训练（train）、预测（predict）、评估（evaluate）、查看（status）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help=_("从已分类的工单（或 --from 文件）训练并启用新模型"))
        train.add_argument("--from", dest="source", help=_("带标注的 CSV 文件（不读数据库）"))
        train.add_argument("--text-col", default="text")
        train.add_argument("--label-col", default="category")
        train.add_argument(
            "--held-out", type=float, default=0.2, help=_("留出评估的比例（0 表示不评估）")
        )
        predict = sub.add_parser("predict", help=_("对一段文字给出类别建议"))
        predict.add_argument("text")
        evaluate = sub.add_parser("evaluate", help=_("在带标注的 CSV 文件上评估当前模型"))
        evaluate.add_argument("file")
        evaluate.add_argument("--text-col", default="text")
        evaluate.add_argument("--label-col", default="category")
        evaluate.add_argument("--json", action="store_true")
        sub.add_parser("status", help=_("已训练的模型"))

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _train(self, *, source, text_col, label_col, held_out, **_options):
        if not 0 <= held_out < 1:
            raise CommandError(_("--held-out 须在 0 到 1 之间。"))
        started = time.perf_counter()

        def progress(step: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f}s] {step}")

        if source:
            try:
                texts, labels = training.read_labelled_file(Path(source), text_col, label_col)
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise CommandError(
                    _("无法读取 %(source)s：%(exc)s") % {"source": source, "exc": exc}
                ) from exc
        else:
            texts, labels = training.tickets_for_training(settings.JIESU_ML_MAX_SAMPLES)
        progress(
            _("%(samples)s 条样本，%(labels)s 个类别")
            % {"samples": len(texts), "labels": len(set(labels))}
        )
        try:
            row, metrics = training.train_and_store(
                texts, labels, now=timezone.now(), held_out=held_out, progress=progress
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("模型 %(version)s 已启用：%(samples)s 条样本，用时 %(seconds).1f 秒。")
                % {"version": row.version, "samples": row.samples, "seconds": row.seconds}
            )
        )
        if metrics:
            self.stdout.write(
                _("留出 %(n)s 条评估：macro-F1 %(macro_f1).4f，准确率 %(accuracy).4f")
                % {
                    "n": metrics["n"],
                    "macro_f1": metrics["macro_f1"],
                    "accuracy": metrics["accuracy"],
                }
            )

    def _model(self):
        bundle = store.active_bundle()
        if bundle is None:
            raise CommandError(store.problem())
        return bundle["classifier"]

    def _predict(self, *, text, **_options):
        ranked = self._model().rank(text)
        names = dict(
            Category.objects.filter(code__in=[c for c, _c in ranked]).values_list("code", "name")
        )
        for label, confidence in ranked:
            self.stdout.write(f"{label}\t{names.get(label, '')}\t{confidence:.3f}")

    def _evaluate(self, *, file, text_col, label_col, json: bool, **_options):
        model = self._model()
        try:
            texts, labels = training.read_labelled_file(Path(file), text_col, label_col)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("无法读取 %(file)s：%(exc)s") % {"file": file, "exc": exc}
            ) from exc
        if not texts:
            raise CommandError(_("文件中没有带标注的行。"))
        labels = _as_codes(labels, set(model.labels))
        result = classifier.evaluate(model, texts, labels)
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            _("%(n)s 条：macro-F1 %(macro_f1).4f，准确率 %(accuracy).4f")
            % {"n": result["n"], "macro_f1": result["macro_f1"], "accuracy": result["accuracy"]}
        )
        for name, row in result["per_class"].items():
            self.stdout.write(
                _("  %(name)s\tF1 %(f1).4f\t%(n)s 条")
                % {"name": name, "f1": row["f1"], "n": row["n"]}
            )

    def _status(self, **_options):
        problem = store.problem()
        for row in TrainedModel.objects.all():
            mark = "*" if row.active else " "
            f1 = row.metrics.get("macro_f1", "—")
            self.stdout.write(
                _("%(mark)s %(version)s\t%(samples)s 条\tmacro-F1 %(f1)s\t%(file)s")
                % {
                    "mark": mark,
                    "version": row.version,
                    "samples": row.samples,
                    "f1": f1,
                    "file": row.file,
                }
            )
        if problem:
            self.stdout.write(self.style.WARNING(problem))


def _as_codes(labels: list[str], known: set[str]) -> list[str]:
    """A file's labels as the model's: a label the model does not know that is a catalogue
    category's name stands for its code (a model trained on tickets knows codes, a legacy export
    says 物业管理)."""
    if set(labels) <= known:
        return labels
    codes = dict(Category.objects.values_list("name", "code"))
    return [label if label in known else codes.get(label, label) for label in labels]


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
