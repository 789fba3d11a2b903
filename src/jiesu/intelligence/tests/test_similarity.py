"""The same-matter score: cosine of character 1–3-gram TF-IDF, the IDF fitted on the call and its
candidates (decision 0109), written by hand and checked against scikit-learn's."""

from __future__ import annotations

import pytest

from jiesu.intelligence.similarity import cosines

CALL = "丽发新城旁边搅拌站粉尘太大 每天早上五点就开工，灰尘满天，窗户都不敢开"
OTHERS = [
    "丽发新城搅拌站扰民 搅拌站噪音和扬尘严重，影响小区居民休息",
    "养老保险转移接续咨询 外地缴纳的养老保险怎么转入",
    "丽发新城旁边搅拌站粉尘太大 每天早上五点就开工，灰尘满天，窗户都不敢开",
    "",
]


def test_scores_agree_with_scikit_learn():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from sklearn.preprocessing import normalize

    docs = [CALL, *OTHERS[:3]]
    x = normalize(
        sklearn_text.TfidfVectorizer(
            analyzer="char", ngram_range=(1, 3), sublinear_tf=True
        ).fit_transform(docs)
    )
    expected = (x[1:] @ x[0].T).toarray().ravel()
    assert cosines(CALL, OTHERS[:3]) == pytest.approx(list(expected), abs=1e-9)


def test_the_same_text_scores_one_and_nothing_shared_scores_zero():
    got = cosines(CALL, OTHERS)
    assert got[2] == pytest.approx(1.0)
    assert got[3] == 0.0
    # the reworded call on the same matter scores far above the unrelated one
    assert got[0] > 0.1 > 0.01 > got[1]


def test_an_empty_call_scores_zero_against_everything():
    assert cosines("", OTHERS) == [0.0] * len(OTHERS)
    assert cosines(CALL, []) == []
