#!/usr/bin/env python
"""The category classifier on real messages it has never seen, and its costs (issue 9).

    python bench/classifier.py [--file ../shared/data/messages-labelled.csv] [--json OUT]

Splits the labelled messages once (fixed seed, 80 % train / 20 % held out, the same split as
``jiesu ml train --held-out 0.2``), trains on the 80 %, scores the 20 %: macro-F1, accuracy,
per class; the baseline (character 1–3-gram TF-IDF + linear SVM) on the same split; the time to
train on 10,000 tickets (the training part drawn with replacement up to 10 k); and the time of
one prediction (one text at a time, as at intake), p50 / p95. No database; CPU only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
os.environ.setdefault("JIESU_DATA_DIR", "/tmp/jiesu-bench-classifier")
django.setup()

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from jiesu.intelligence import classifier  # noqa: E402
from jiesu.intelligence.text import normalise  # noqa: E402
from jiesu.intelligence.training import read_labelled_file  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "messages-labelled.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default=str(SHARED))
    parser.add_argument("--json")
    args = parser.parse_args()
    texts, labels = read_labelled_file(Path(args.file), "text", "category")
    train_ix, test_ix = classifier.held_out_split(len(texts))
    tr_x, tr_y = [texts[i] for i in train_ix], [labels[i] for i in train_ix]
    te_x, te_y = [texts[i] for i in test_ix], [labels[i] for i in test_ix]
    out: dict = {"load": os.getloadavg(), "n_train": len(tr_x), "n_held_out": len(te_x)}

    started = time.perf_counter()
    model = classifier.train(tr_x, tr_y)
    out["train_seconds"] = round(time.perf_counter() - started, 1)
    out["held_out"] = classifier.evaluate(model, te_x, te_y)
    print("held-out:", json.dumps(out["held_out"], ensure_ascii=False), flush=True)

    baseline = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), LinearSVC()
    )
    baseline.fit([normalise(t) for t in tr_x], tr_y)
    predicted = baseline.predict([normalise(t) for t in te_x])
    out["baseline_macro_f1"] = round(float(f1_score(te_y, predicted, average="macro")), 4)
    print("baseline macro-F1:", out["baseline_macro_f1"], flush=True)

    times, cpu = [], []
    for text in te_x[:300]:
        t, c = time.perf_counter(), time.thread_time()
        model.rank(text)
        times.append(1000 * (time.perf_counter() - t))
        cpu.append(1000 * (time.thread_time() - c))
    out["predict_cpu_ms_p50"] = round(statistics.median(cpu), 2)
    times.sort()
    out["predict_ms_p50"] = round(statistics.median(times), 2)
    out["predict_ms_p95"] = round(times[int(len(times) * 0.95)], 2)
    print("predict ms p50/p95:", out["predict_ms_p50"], out["predict_ms_p95"], flush=True)

    rng = random.Random(9)
    big = [rng.randrange(len(tr_x)) for _ in range(10_000)]
    started, cpu_started = time.perf_counter(), time.process_time()
    classifier.train([tr_x[i] for i in big], [tr_y[i] for i in big])
    out["train_10k_seconds"] = round(time.perf_counter() - started, 1)
    out["train_10k_cpu_seconds"] = round(time.process_time() - cpu_started, 1)
    out["load_after"] = os.getloadavg()
    print(json.dumps({k: v for k, v in out.items() if k != "held_out"}), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
