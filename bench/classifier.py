#!/usr/bin/env python
"""The category classifier on real messages it has never seen, and its costs (issue 9).

    python bench/classifier.py [--file ../shared/data/messages-labelled.csv] [--folds 5]
                               [--json OUT]

Stratified K-fold cross-validation (K = ``--folds``, shuffled, seed 12345) of the labelled
messages: on each fold the shipped model (``jiesu.intelligence.classifier.train``) and the
baseline (character 1–3-gram TF-IDF + one linear SVM) are trained on the same K−1 parts and scored
on the same held-out part; the table gives macro-F1 mean ± standard deviation over the folds, and
each fold (``--folds 0`` skips them). Then the shipped model on the fixed 80/20 split
(``classifier.held_out_split``, the split ``jiesu ml train`` measures on): trained on 5,050,
scored on 1,262; that model times the predictions. Then the costs, in **process CPU time** (the
machine is shared; wall time is printed beside it with the load average): one prediction
(``rank``, one text at a time as at intake), p50, p95 and mean over the 1,262 held-out texts, the
size of the stored model (joblib, as ``jiesu ml train`` writes it), and training on 10,000 messages
(drawn with replacement).
No database; CPU only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
os.environ.setdefault("JIESU_DATA_DIR", "/tmp/jiesu-bench-classifier")
django.setup()

import joblib  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from jiesu.intelligence import classifier  # noqa: E402
from jiesu.intelligence.text import normalise  # noqa: E402
from jiesu.intelligence.training import read_labelled_file  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-labelled.csv"


def baseline_f1(tr_x, tr_y, te_x, te_y) -> float:
    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), LinearSVC()
    )
    model.fit([normalise(t) for t in tr_x], tr_y)
    return float(f1_score(te_y, model.predict([normalise(t) for t in te_x]), average="macro"))


def spread(values: list[float]) -> dict:
    return {
        "mean": round(statistics.mean(values), 4),
        "std": round(statistics.pstdev(values), 4),
        "folds": [round(v, 4) for v in values],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default=str(SHARED))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    texts, labels = read_labelled_file(Path(args.file), "text", "category")
    out: dict = {"load": os.getloadavg(), "n": len(texts), "folds": args.folds}
    shipped, base, accuracy = [], [], []
    folds = StratifiedKFold(max(args.folds, 2), shuffle=True, random_state=12345)
    for k, (train_ix, test_ix) in enumerate(folds.split(texts, labels) if args.folds else []):
        tr_x, tr_y = [texts[i] for i in train_ix], [labels[i] for i in train_ix]
        te_x, te_y = [texts[i] for i in test_ix], [labels[i] for i in test_ix]
        cpu = time.process_time()
        model = classifier.train(tr_x, tr_y)
        result = classifier.evaluate(model, te_x, te_y)
        shipped.append(result["macro_f1"])
        accuracy.append(result["accuracy"])
        base.append(baseline_f1(tr_x, tr_y, te_x, te_y))
        print(
            f"fold {k}: shipped {shipped[-1]:.4f}  baseline {base[-1]:.4f}  "
            f"({time.process_time() - cpu:.0f} s CPU)",
            flush=True,
        )
    if shipped:
        out["shipped_macro_f1"] = spread(shipped)
        out["shipped_accuracy"] = spread(accuracy)
        out["baseline_macro_f1"] = spread(base)
        out["gain_per_fold"] = spread([s - b for s, b in zip(shipped, base, strict=True)])
        print(json.dumps({k: out[k] for k in ("shipped_macro_f1", "baseline_macro_f1")}))
    train_ix, held_ix = classifier.held_out_split(len(texts))
    model = classifier.train([texts[i] for i in train_ix], [labels[i] for i in train_ix])
    te_x = [texts[i] for i in held_ix]
    held = classifier.evaluate(model, te_x, [labels[i] for i in held_ix])
    out["held_out"] = {k: held[k] for k in ("macro_f1", "accuracy", "n", "per_class")}
    print(f"fixed 80/20 held-out: macro-F1 {held['macro_f1']:.4f}", flush=True)

    model.rank(te_x[0])  # the first call loads jieba's dictionary (once per process)
    cpu_ms, wall_ms = [], []
    for text in te_x:
        wall, cpu = time.perf_counter(), time.process_time()
        model.rank(text)
        cpu_ms.append(1000 * (time.process_time() - cpu))
        wall_ms.append(1000 * (time.perf_counter() - wall))
    cpu_ms.sort()
    wall_ms.sort()
    out["predict_cpu_ms"] = {
        "p50": round(statistics.median(cpu_ms), 2),
        "p95": round(cpu_ms[int(len(cpu_ms) * 0.95)], 2),
        "mean": round(float(np.mean(cpu_ms)), 2),
    }
    out["predict_wall_ms"] = {
        "p50": round(statistics.median(wall_ms), 2),
        "p95": round(wall_ms[int(len(wall_ms) * 0.95)], 2),
    }
    print("predict:", out["predict_cpu_ms"], "CPU;", out["predict_wall_ms"], "wall", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        joblib.dump({"classifier": model}, Path(tmp) / "model.joblib", compress=3)
        out["model_mb"] = round((Path(tmp) / "model.joblib").stat().st_size / 1e6, 1)
    print("model file:", out["model_mb"], "MB", flush=True)

    rng = random.Random(9)
    big = [rng.randrange(len(texts)) for _ in range(10_000)]
    wall, cpu = time.perf_counter(), time.process_time()
    classifier.train([texts[i] for i in big], [labels[i] for i in big])
    out["train_10k_cpu_seconds"] = round(time.process_time() - cpu, 1)
    out["train_10k_wall_seconds"] = round(time.perf_counter() - wall, 1)
    out["load_after"] = os.getloadavg()
    print(json.dumps({k: v for k, v in out.items()}), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
