#!/usr/bin/env python
"""Quality of the same-matter suggestions (一事多人) against verified matters (issue 9 item 3).

    python bench/duplicates.py [--hot ../shared/data/messages-hot.csv] [--json OUT]
        [--sets dev,test,third] [--variants | --chosen] [--local-idf]
        [--schemes 16x2,16x1,24x1,32x1]

Every message of messages-hot.csv goes into a fresh SQLite database (temporary directory) as a
ticket through the product's history import (``history.import_history``: the file's dates as
``created_at``, the ``MatterKey`` rows written as the import writes them). Then, for each
message of the three verified sets (bench/clustering.py: dev, test, third), a new call of that
message is asked of ``suggest.duplicates`` as the intake desk asks it: its own ticket left out,
``now`` = its time, so only tickets up to then and within ``JIESU_DUPLICATE_DAYS`` are found.

Scores per set:

* recall: of the messages that have an EARLIER member of their matter (strictly earlier, within
  the window), the share whose shown suggestions (top 5) include one;
* precision: of the shown suggestions that are judged (a message of any verified set), the share
  on the call's matter (the sets share no matter, so a suggestion from another set is wrong);
  suggestions of messages in no set are unjudged and counted apart (``unjudged``);
* false alarms: of the messages alone on their matter, the share with any suggestion at all;
* per call: wall and process CPU in ms (shipped code only; SQLite works inside the process).

Region and address: the file has neither. Imported tickets all get the city (the import's
default) and the calls carry no region and no address, so the +0.1 region and +0.15 address
bonuses never apply: these are the scores of the text alone (a real call in the same district
or at the same address scores up to 0.25 higher).

``--variants`` replays the lookup in memory (the same candidates: ``_PER_KEY`` newest per key in
the window, the ``_CANDIDATES`` most shared; checked against the product's answers) and tries:
a. the threshold swept; b. other LSH schemes (bands × rows; rows per ticket = bands) and the
exhaustive comparison of every ticket of the window (the ceiling of any index);
c. a candidate's score from a TF-IDF cosine of character 1–3-grams (IDF fitted on the whole file),
and a bonus for a shared rare name (a subject 3–6-gram carried by few tickets of the file).
``--schemes`` replays the product's own score (``similarity.cosines``, decision 0109) on other
bands × rows schemes.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import os
import shutil
import statistics
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

os.environ.pop("DATABASE_URL", None)
os.environ["JIESU_DATA_DIR"] = tempfile.mkdtemp(prefix="jiesu-bench-duplicates-")
atexit.register(shutil.rmtree, os.environ["JIESU_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from jiesu.intelligence import matching, suggest  # noqa: E402
from jiesu.intelligence.history import Options, import_history  # noqa: E402
from jiesu.intelligence.models import HistoryRecord  # noqa: E402
from jiesu.intelligence.text import normalise  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "messages-hot.csv"
FIXTURES = ROOT / "src" / "jiesu" / "intelligence" / "tests" / "fixtures"
SETS = {
    "dev": FIXTURES / "hot_matters.csv",
    "test": FIXTURES / "hot_matters_test.csv",
    "third": FIXTURES / "hot_matters_third.csv",
}
THRESHOLDS = (0.1, 0.12, 0.15, 0.18, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4)


def read_gold(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["matter"] or "alone-" + row["id"] for row in csv.DictReader(handle)}


class Data:
    """The imported tickets, in file order: ids, pks, times, texts, bigrams."""

    def __init__(self, hot: Path) -> None:
        from jiesu.tickets.models import Ticket

        with hot.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        pk_of = dict(
            HistoryRecord.objects.filter(source="hot").values_list("source_id", "ticket_id")
        )
        tickets = {t.pk: t for t in Ticket.objects.filter(pk__in=pk_of.values())}
        self.ids = [r["id"] for r in rows if r["id"] in pk_of]
        self.tickets = [tickets[pk_of[i]] for i in self.ids]
        self.pk = [t.pk for t in self.tickets]
        self.at = [t.created_at for t in self.tickets]
        self.grams = [matching.shingles(t.subject, t.content) for t in self.tickets]
        self.index = {i: n for n, i in enumerate(self.ids)}
        self.by_pk = {pk: n for n, pk in enumerate(self.pk)}


def judge(data: Data, gold: dict[str, str], shown: dict[int, list[int]], window: timedelta):
    """Scores of one set: ``shown`` maps a row to the rows it suggested, in order."""
    ids = [i for i in gold if i in data.index]
    members = defaultdict(list)
    for i in ids:
        members[gold[i]].append(data.index[i])
    recall_hit = recall_n = right = judged = unjudged = alarms = alone = 0
    for i in ids:
        n = data.index[i]
        found = shown.get(n, [])
        matter = gold[i]
        earlier = [
            m
            for m in members[matter]
            if m != n and data.at[m] < data.at[n] and data.at[n] - data.at[m] <= window
        ]
        if matter.startswith("alone-"):
            alone += 1
            alarms += bool(found)
        if earlier:
            recall_n += 1
            recall_hit += bool(set(found) & set(earlier))
        for f in found:
            other = gold_all.get(data.ids[f])
            if other is None:
                unjudged += 1
            else:
                judged += 1
                right += other == matter
    return {
        "recall": round(recall_hit / recall_n, 3) if recall_n else None,
        "with_earlier": recall_n,
        "precision": round(right / judged, 3) if judged else None,
        "shown_judged": judged,
        "unjudged": unjudged,
        "false_alarms": round(alarms / alone, 3) if alone else None,
        "alone": alone,
    }


gold_all: dict[str, str] = {}


def calls(data: Data) -> list[int]:
    return sorted(data.index[i] for i in gold_all if i in data.index)


def shipped(data: Data) -> tuple[dict[int, list[int]], list[float], list[float], dict]:
    """The product's own answers, and its time per call."""
    number_to_row = {t.number: n for n, t in enumerate(data.tickets)}
    shown, wall, cpu, raw = {}, [], [], {}
    for n in calls(data):
        t = data.tickets[n]
        call = suggest.Call(subject=t.subject, content=t.content, ticket_id=t.pk)
        w0, c0 = time.perf_counter(), time.process_time()
        found = suggest.duplicates(call, t.created_at)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        shown[n] = [number_to_row[d["number"]] for d in found]
        raw[n] = found
    return shown, wall, cpu, raw


# --- the lookup replayed in memory -------------------------------------------------------------

_PRIME = (1 << 61) - 1


def signatures(grams: list[set[str]], hashes: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 31, size=hashes, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=hashes, dtype=np.uint64)
    out = np.zeros((len(grams), hashes), dtype=np.uint64)
    for n, g in enumerate(grams):
        if not g:
            continue
        h = np.fromiter((zlib.crc32(x.encode()) for x in g), dtype=np.uint64, count=len(g))
        out[n] = ((h[None, :] * a[:, None] + b[:, None]) % np.uint64(_PRIME)).min(axis=1)
    return out


def scheme_keys(data: Data, bands: int, rows: int) -> list[list[int]]:
    if (bands, rows) == (matching.BANDS, matching.ROWS):
        return [matching.band_keys(g) for g in data.grams]
    sig = signatures(data.grams, bands * rows)
    return [
        [hash((b, sig[n, b * rows : (b + 1) * rows].tobytes())) for b in range(bands)]
        if data.grams[n]
        else []
        for n in range(len(data.grams))
    ]


def candidates(data: Data, keys: list[list[int]] | None, window: timedelta) -> dict[int, list]:
    """Per call, its candidates as the product reads them (or every ticket of the window)."""
    posting = defaultdict(list)
    if keys is not None:
        for n, ks in enumerate(keys):
            for k in ks:
                posting[k].append(n)
        for k in posting:
            posting[k].sort(key=lambda m: data.at[m], reverse=True)
    out = {}
    for n in calls(data):
        now = data.at[n]
        since = now - window

        def inside(m: int, now=now, since=since, n=n) -> bool:
            return m != n and since <= data.at[m] <= now

        if keys is None:
            out[n] = [m for m in range(len(data.ids)) if inside(m)]
            continue
        hits = Counter()
        for k in keys[n]:
            taken = 0
            for m in posting[k]:
                if inside(m):
                    hits[m] += 1
                    taken += 1
                    if taken == suggest._PER_KEY:
                        break
        out[n] = [m for m, _c in hits.most_common(suggest._CANDIDATES)]
    return out


def show(cands: dict[int, list], score, threshold: float) -> dict[int, list[int]]:
    shown = {}
    for n, found in cands.items():
        scored = sorted(((score(n, m), m) for m in found), key=lambda x: -x[0])
        shown[n] = [m for s, m in scored if s >= threshold][: suggest._SHOWN]
    return shown


def compare_schemes(data: Data, schemes: list[str], window: timedelta, record) -> None:
    """The shipped score on other candidate schemes (bands × rows; rows written per ticket =
    bands), the index replayed in memory as ``candidates`` does."""
    from jiesu.intelligence.similarity import cosines

    texts = [matching.matter_text(t.subject, t.content) for t in data.tickets]
    for scheme in schemes:
        bands, rows = (int(x) for x in scheme.split("x"))
        cands = candidates(data, scheme_keys(data, bands, rows), window)
        scores: dict[tuple[int, int], float] = {}
        c0 = time.process_time()
        for n, found in cands.items():
            sims = cosines(texts[n], [texts[m] for m in found])
            scores.update({(n, m): v for m, v in zip(found, sims, strict=True)})
        per_call = (time.process_time() - c0) * 1000 / max(1, len(cands))
        mean_cands = statistics.mean(len(f) for f in cands.values())
        for th in (0.25, 0.3, 0.35):
            record(
                f"cosine local idf / lsh {scheme}",
                th,
                show(cands, lambda n, m, scores=scores: scores[(n, m)], th),
                score_cpu_ms_per_call=round(per_call, 2),
                mean_candidates=round(mean_cands, 1),
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hot", default=str(SHARED))
    parser.add_argument("--json")
    parser.add_argument("--variants", action="store_true")
    parser.add_argument(
        "--chosen",
        action="store_true",
        help="only the variants chosen on dev + test (read on every set, third once)",
    )
    parser.add_argument("--sets", default="dev,test,third")
    parser.add_argument(
        "--local-idf",
        action="store_true",
        help="also: TF-IDF whose IDF is fitted on the call and its candidates only (no stored IDF)",
    )
    parser.add_argument(
        "--schemes",
        help="replay the product's score (similarity.cosines, local IDF) on these LSH schemes, "
        "e.g. 16x1,24x1,32x1,16x2: recall etc. per threshold and the score's CPU per call",
    )
    args = parser.parse_args()
    if not Path(args.hot).exists():
        raise SystemExit(f"{args.hot} not found (messages-hot.csv of the shared data)")
    call_command("migrate", verbosity=0)
    from jiesu.core.demo import load_demo

    load_demo()
    t0 = time.perf_counter()
    mapping = {"id": "id", "subject": "subject", "detail": "detail", "submitted_at": "submitted_at"}
    report = import_history(Path(args.hot), Options(mapping=mapping, source="hot"))
    import_s = time.perf_counter() - t0
    data = Data(Path(args.hot))
    golds = {name: read_gold(path) for name, path in SETS.items()}
    for g in golds.values():
        gold_all.update(g)
    # the matter of the walk (丽发新城搅拌站): its messages only, as a set of their own
    golds["dev:lifa"] = {i: m for i, m in golds["dev"].items() if m == "lifa-mixing-plant"}
    window = timedelta(days=settings.JIESU_DUPLICATE_DAYS)
    sets = args.sets.split(",") + (["dev:lifa"] if "dev" in args.sets.split(",") else [])
    out: dict = {
        "load": os.getloadavg(),
        "imported": report.imported,
        "import_seconds": round(import_s, 1),
        "threshold": settings.JIESU_DUPLICATE_SIMILARITY,
        "window_days": settings.JIESU_DUPLICATE_DAYS,
        "results": [],
    }
    print(json.dumps({k: v for k, v in out.items() if k != "results"}), flush=True)

    def record(method: str, threshold, shown, **extra) -> None:
        for name in sets:
            line = {"set": name, "method": method, "threshold": threshold}
            line |= judge(data, golds[name], shown, window) | extra
            out["results"].append(line)
            print(json.dumps(line, ensure_ascii=False), flush=True)

    c0 = time.process_time()
    ship, wall, cpu, raw = shipped(data)
    ms = {
        "wall_p50_ms": round(statistics.median(wall), 2),
        "wall_p95_ms": round(sorted(wall)[int(0.95 * len(wall))], 2),
        "cpu_mean_ms": round(statistics.mean(cpu), 2),
        "calls": len(wall),
    }
    record("shipped", settings.JIESU_DUPLICATE_SIMILARITY, ship, **ms)

    if args.schemes:
        compare_schemes(data, args.schemes.split(","), window, record)

    if args.variants or args.chosen:
        vocabulary: dict[str, int] = {}
        cells = [[vocabulary.setdefault(g, len(vocabulary)) for g in gs] for gs in data.grams]
        from scipy import sparse

        b = sparse.csr_matrix(
            (
                np.ones(sum(map(len, cells)), dtype=np.float32),
                np.concatenate([np.array(c, dtype=np.int64) for c in cells]),
                np.cumsum([0] + [len(c) for c in cells]),
            ),
            shape=(len(cells), len(vocabulary)),
        )
        inter = (b @ b.T).toarray()
        sizes = np.array([len(g) for g in data.grams], dtype=np.float32)
        union = sizes[:, None] + sizes[None, :] - inter
        jac_m = np.where(union > 0, inter / np.maximum(union, 1), 0).astype(np.float32)
        del inter, union

        def jac(n: int, m: int) -> float:
            return float(jac_m[n, m])

        # the replay checked against the product
        lsh = candidates(data, scheme_keys(data, matching.BANDS, matching.ROWS), window)
        replay = show(lsh, jac, settings.JIESU_DUPLICATE_SIMILARITY)
        same = sum(replay[n] == ship[n] for n in ship)
        out["replay_agrees"] = f"{same}/{len(ship)}"
        print(json.dumps({"replay_agrees": out["replay_agrees"]}), flush=True)

        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.preprocessing import normalize

        joint = [
            normalise(f"{t.subject} {t.content[: matching.CONTENT_CHARS]}") for t in data.tickets
        ]
        tf = normalize(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit_transform(
                joint
            )
        ).tocsr()
        names = CountVectorizer(analyzer="char", ngram_range=(3, 6), binary=True).fit_transform(
            [normalise(t.subject) for t in data.tickets]
        )
        carried = np.asarray(names.sum(axis=0)).ravel()
        names = names.tocsr()

        cos = (tf @ tf.T).toarray().astype(np.float32)

        def cosine(n: int, m: int) -> float:
            return float(cos[n, m])

        def rare_name(n: int, m: int, most: int) -> bool:
            shared = set(names[n].indices) & set(names[m].indices)
            return any(carried[g] <= most for g in shared)

        def named(n, m, most=20, bonus=0.2):
            return jac(n, m) + (bonus if rare_name(n, m, most) else 0)

        if args.local_idf:
            lsh32 = candidates(data, scheme_keys(data, 32, 1), window)
            for label, cands in (("lsh 16x2 (shipped)", lsh), ("lsh 32x1", lsh32)):
                local, c1 = {}, time.process_time()
                for n, found in cands.items():
                    if not found:
                        continue
                    x = normalize(
                        TfidfVectorizer(
                            analyzer="char", ngram_range=(1, 3), sublinear_tf=True
                        ).fit_transform([joint[n]] + [joint[m] for m in found])
                    )
                    sims = (x[1:] @ x[0].T).toarray().ravel()
                    local.update({(n, m): float(v) for m, v in zip(found, sims, strict=True)})
                per_call = (time.process_time() - c1) * 1000 / len(cands)
                print(json.dumps({"local_idf_cpu_ms_per_call": round(per_call, 2), "of": label}))
                for th in (0.2, 0.25, 0.3, 0.35, 0.4):
                    record(
                        f"tfidf local idf / {label}",
                        th,
                        show(cands, lambda n, m, local=local: local[(n, m)], th),
                    )
        if args.chosen:
            lsh32 = candidates(data, scheme_keys(data, 32, 1), window)
            everything = candidates(data, None, window)
            for label, cands, score, th in (
                ("jaccard / lsh 16x2 (shipped)", lsh, jac, 0.2),
                ("tfidf / lsh 16x2 (shipped)", lsh, cosine, 0.3),
                ("tfidf / lsh 16x2 (shipped)", lsh, cosine, 0.35),
                ("jaccard / lsh 32x1", lsh32, jac, 0.3),
                ("tfidf / lsh 32x1", lsh32, cosine, 0.3),
                ("tfidf / lsh 32x1", lsh32, cosine, 0.35),
                ("jaccard+name(≤20, +0.2) / lsh 32x1", lsh32, named, 0.3),
                ("jaccard / exhaustive", everything, jac, 0.3),
                ("tfidf / exhaustive", everything, cosine, 0.3),
            ):
                record(label, th, show(cands, score, th))
        schemes = (
            {}
            if args.chosen
            else {
                "lsh 16x2 (shipped)": lsh,
                "lsh 32x1": candidates(data, scheme_keys(data, 32, 1), window),
                "lsh 16x1": candidates(data, scheme_keys(data, 16, 1), window),
                "lsh 24x1": candidates(data, scheme_keys(data, 24, 1), window),
                "exhaustive": candidates(data, None, window),
            }
        )
        rows_per_ticket = {label: label.split()[1] for label in schemes if label != "exhaustive"}
        print(json.dumps({"keys_per_ticket": rows_per_ticket}), flush=True)
        # a. and b.: Jaccard, thresholds swept, per candidate scheme
        for label, cands in schemes.items():
            for th in THRESHOLDS:
                record(f"jaccard / {label}", th, show(cands, jac, th))
        # c. TF-IDF cosine, and rare names as a bonus, per scheme
        for label, cands in schemes.items():
            for th in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
                record(f"tfidf / {label}", th, show(cands, cosine, th))
            for most in (5, 20):
                for bonus in (0.1, 0.2):

                    def named(n, m, most=most, bonus=bonus):
                        return jac(n, m) + (bonus if rare_name(n, m, most) else 0)

                    for th in (0.2, 0.25, 0.3):
                        record(
                            f"jaccard+name(≤{most}, +{bonus}) / {label}", th, show(cands, named, th)
                        )
    out["cpu_seconds"] = round(time.process_time() - c0, 1)
    print(json.dumps({"cpu_seconds": out["cpu_seconds"], "load": os.getloadavg()}), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
