"""How alike a call and its candidates are (decision 0109): the cosine of their character
1–3-gram TF-IDF vectors (sublinear term frequency, smoothed IDF, unit length — as scikit-learn's
``TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)``), the IDF fitted on
the call and its candidates alone: no stored state, nothing to train or keep in step with the
index. Written by hand for the hot path (≤ 31 short texts per call), as the classifier's features
(decision 0090). The texts come in normalised (``matching.matter_text``)."""

from __future__ import annotations

from collections import Counter
from math import log, sqrt

#: the n-gram lengths compared
SIZES = (1, 2, 3)


def _grams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter(text)
    for size in SIZES[1:]:
        counts.update(text[i : i + size] for i in range(len(text) - size + 1))
    return counts


def cosines(call: str, others: list[str]) -> list[float]:
    """The cosine of ``call`` to each of ``others``, in their order (0.0 where nothing is
    shared or a text is empty)."""
    if not others:
        return []
    docs = [_grams(call)] + [_grams(text) for text in others]
    frequency: Counter[str] = Counter()
    for counts in docs:
        frequency.update(counts.keys())
    plus_one = len(docs) + 1
    idf = {gram: log(plus_one / (1 + n)) + 1 for gram, n in frequency.items()}
    vectors = []
    for counts in docs:
        weights = {gram: (1 + log(tf)) * idf[gram] for gram, tf in counts.items()}
        norm = sqrt(sum(w * w for w in weights.values()))
        vectors.append((weights, norm))
    mine, my_norm = vectors[0]
    out = []
    for weights, norm in vectors[1:]:
        if not my_norm or not norm:
            out.append(0.0)
            continue
        small, large = (mine, weights) if len(mine) < len(weights) else (weights, mine)
        dot = sum(w * large[g] for g, w in small.items() if g in large)
        out.append(dot / (my_norm * norm))
    return out
