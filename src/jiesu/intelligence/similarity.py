"""How alike a call and its candidates are (decision 0109): the cosine of their character
1–3-gram TF-IDF vectors (sublinear term frequency, smoothed IDF, unit length — as scikit-learn's
``TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)``), the IDF fitted on
the call and its candidates alone: no stored state, nothing to train or keep in step with the
index. Written by hand for the hot path (≤ 31 short texts per call), as the classifier's features
(decision 0090), in arrays: each n-gram is one integer (its code points, 21 bits each), the
(text, n-gram) pairs are counted by one sort. The texts come in normalised
(``matching.matter_text``; it has no NUL, so the integers of different lengths never meet)."""

from __future__ import annotations

import numpy as np


def _codes(text: str) -> np.ndarray:
    """The text's 1-, 2- and 3-grams, each as one integer below 2^63."""
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(c) < 2:
        return c
    bi = (c[:-1] << 21) | c[1:]
    if len(c) < 3:
        return np.concatenate([c, bi])
    tri = (c[:-2] << 42) | (c[1:-1] << 21) | c[2:]
    return np.concatenate([c, bi, tri])


def cosines(call: str, others: list[str]) -> list[float]:
    """The cosine of ``call`` to each of ``others``, in their order (0.0 where nothing is
    shared or a text is empty)."""
    if not others:
        return []
    parts = [_codes(call)] + [_codes(t) for t in others]
    n = len(parts)
    gram = np.concatenate(parts)
    if not len(gram):
        return [0.0] * (n - 1)
    doc = np.repeat(np.arange(n), [len(p) for p in parts])
    # (text, n-gram) pairs and their term frequencies: sorted by n-gram, then text
    order = np.lexsort((doc, gram))
    g, d = gram[order], doc[order]
    new_pair = np.empty(len(g), dtype=bool)
    new_pair[0] = True
    new_pair[1:] = (g[1:] != g[:-1]) | (d[1:] != d[:-1])
    starts = np.flatnonzero(new_pair)
    tf = np.diff(np.append(starts, len(g)))
    pg, pd = g[starts], d[starts]
    # each n-gram's document frequency over the call and its candidates: the IDF
    new_gram = np.empty(len(pg), dtype=bool)
    new_gram[0] = True
    new_gram[1:] = pg[1:] != pg[:-1]
    gid = np.cumsum(new_gram) - 1
    df = np.bincount(gid)
    idf = np.log((n + 1) / (1 + df)) + 1
    w = (1 + np.log(tf)) * idf[gid]
    norms = np.sqrt(np.bincount(pd, w * w, minlength=n))
    # dot products with the call: each pair's weight times the call's weight of its n-gram
    mine = np.zeros(len(df))
    at_call = pd == 0
    mine[gid[at_call]] = w[at_call]
    dots = np.bincount(pd, w * mine[gid], minlength=n)
    denom = norms[0] * norms[1:]
    out = np.divide(dots[1:], denom, out=np.zeros(n - 1), where=denom > 0)
    return out.tolist()
