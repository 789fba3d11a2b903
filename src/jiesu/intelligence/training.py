"""Training from the centre's own history: each ticket's category as the operator finally
chose it (at intake or when classifying), and the units that actually answered each category."""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from jiesu.intelligence import classifier, store
from jiesu.intelligence.models import HistoryRecord, TrainedModel
from jiesu.organisation.models import Unit
from jiesu.tickets.choices import AssignmentRole
from jiesu.tickets.models import Assignment, Ticket

#: how many units per category the model keeps from history
UNITS_KEPT = 5


def tickets_for_training(limit: int) -> tuple[list[str], list[str]]:
    """Subject and content of the newest ``limit`` classified tickets, labelled by category code."""
    rows = (
        Ticket.objects.filter(category__isnull=False, primary__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("subject", "content", "category__code")[:limit]
    )
    texts, labels = [], []
    for subject, content, code in rows:
        texts.append(f"{subject} {content}")
        labels.append(code)
    return texts, labels


def read_labelled_file(path: Path, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    """A UTF-8 CSV (a BOM is fine) of labelled texts; rows without text or label are left out."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {text_col, label_col} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(_("文件缺少列：") + "、".join(sorted(missing)))
        texts, labels = [], []
        for row in reader:
            text, label = (row.get(text_col) or "").strip(), (row.get(label_col) or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
    return texts, labels


def units_by_category() -> dict[str, list[tuple[str, float]]]:
    """For each category code: the units that were the main unit on its tickets (and, for
    imported history, the legacy unit named like a unit here), with their share."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for code, unit, n in (
        Assignment.objects.filter(role=AssignmentRole.MAIN, ticket__category__isnull=False)
        .values_list("ticket__category__code", "unit__code")
        .annotate(n=Count("id"))
    ):
        counts[code][unit] += n
    by_name = dict(Unit.objects.values_list("name", "code"))
    for code, name, n in (
        HistoryRecord.objects.filter(ticket__category__isnull=False)
        .exclude(unit_name="")
        .values_list("ticket__category__code", "unit_name")
        .annotate(n=Count("id"))
    ):
        if name in by_name:
            counts[code][by_name[name]] += n
    return {
        code: [(unit, round(n / sum(c.values()), 3)) for unit, n in c.most_common(UNITS_KEPT)]
        for code, c in counts.items()
    }


def train_and_store(
    texts: list[str],
    labels: list[str],
    *,
    now: datetime,
    held_out: float = 0.2,
    progress: Callable[[str], None] = lambda step: None,
) -> tuple[TrainedModel, dict[str, Any]]:
    """Measure on a held-out share, then train on everything and store the model with those
    metrics. ``held_out=0`` trains once, without metrics."""
    metrics: dict[str, Any] = {}
    started = time.perf_counter()
    if held_out > 0 and len(texts) >= 20:
        train_ix, test_ix = classifier.held_out_split(len(texts), held_out)
        progress(_("留出评估：用其余样本试训练"))
        trial = classifier.train([texts[i] for i in train_ix], [labels[i] for i in train_ix])
        metrics = classifier.evaluate(
            trial, [texts[i] for i in test_ix], [labels[i] for i in test_ix]
        )
        metrics["held_out_share"] = held_out
    model = classifier.train(texts, labels, progress=progress)
    seconds = time.perf_counter() - started
    row = store.save(
        model,
        now=now,
        samples=len(texts),
        seconds=seconds,
        metrics=metrics,
        units=units_by_category(),
    )
    return row, metrics
