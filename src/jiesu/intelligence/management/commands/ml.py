"""jiesu ml train | predict TEXT | evaluate FILE | status — the category classifier."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jiesu.intelligence import classifier, store, training
from jiesu.intelligence.models import TrainedModel


class Command(BaseCommand):
    help = "分类模型：训练（train）、预测（predict）、评估（evaluate）、查看（status）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="从已分类的工单（或 --from 文件）训练并启用新模型")
        train.add_argument("--from", dest="source", help="带标注的 CSV 文件（不读数据库）")
        train.add_argument("--text-col", default="text")
        train.add_argument("--label-col", default="category")
        train.add_argument(
            "--held-out", type=float, default=0.2, help="留出评估的比例（0 表示不评估）"
        )
        predict = sub.add_parser("predict", help="对一段文字给出类别建议")
        predict.add_argument("text")
        evaluate = sub.add_parser("evaluate", help="在带标注的 CSV 文件上评估当前模型")
        evaluate.add_argument("file")
        evaluate.add_argument("--text-col", default="text")
        evaluate.add_argument("--label-col", default="category")
        evaluate.add_argument("--json", action="store_true")
        sub.add_parser("status", help="已训练的模型")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _train(self, *, source, text_col, label_col, held_out, **_):
        if not 0 <= held_out < 1:
            raise CommandError("--held-out 须在 0 到 1 之间。")
        started = time.perf_counter()

        def progress(step: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f}s] {step}")

        if source:
            try:
                texts, labels = training.read_labelled_file(Path(source), text_col, label_col)
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise CommandError(f"无法读取 {source}：{exc}") from exc
        else:
            texts, labels = training.tickets_for_training(settings.JIESU_ML_MAX_SAMPLES)
        progress(f"{len(texts)} 条样本，{len(set(labels))} 个类别")
        try:
            row, metrics = training.train_and_store(
                texts, labels, now=timezone.now(), held_out=held_out, progress=progress
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"模型 {row.version} 已启用：{row.samples} 条样本，用时 {row.seconds:.1f} 秒。"
            )
        )
        if metrics:
            self.stdout.write(
                f"留出 {metrics['n']} 条评估：macro-F1 {metrics['macro_f1']:.4f}，"
                f"准确率 {metrics['accuracy']:.4f}"
            )

    def _model(self):
        bundle = store.active_bundle()
        if bundle is None:
            raise CommandError(store.problem())
        return bundle["classifier"]

    def _predict(self, *, text, **_):
        for label, confidence in self._model().rank(text):
            self.stdout.write(f"{label}\t{confidence:.3f}")

    def _evaluate(self, *, file, text_col, label_col, json: bool, **_):
        model = self._model()
        try:
            texts, labels = training.read_labelled_file(Path(file), text_col, label_col)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from exc
        if not texts:
            raise CommandError("文件中没有带标注的行。")
        result = classifier.evaluate(model, texts, labels)
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{result['n']} 条：macro-F1 {result['macro_f1']:.4f}，准确率 {result['accuracy']:.4f}"
        )
        for name, row in result["per_class"].items():
            self.stdout.write(f"  {name}\tF1 {row['f1']:.4f}\t{row['n']} 条")

    def _status(self, **_):
        problem = store.problem()
        for row in TrainedModel.objects.all():
            mark = "*" if row.active else " "
            f1 = row.metrics.get("macro_f1", "—")
            self.stdout.write(f"{mark} {row.version}\t{row.samples} 条\tmacro-F1 {f1}\t{row.file}")
        if problem:
            self.stdout.write(self.style.WARNING(problem))


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
