"""Naive-Bayes features with a linear SVM-like model per label (NB-LR)."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

home = Path("/home")
tr = pd.read_csv(home / "data" / "train.csv")
te = pd.read_csv(home / "data" / "test.csv")
TARGETS = tr.columns[2:]

vectorizer = CountVectorizer(ngram_range=(1, 3), min_df=3, max_df=0.9, binary=True)
m_train = vectorizer.fit_transform(tr.comment_text.astype(str))
m_test = vectorizer.transform(te.comment_text.astype(str))


def log_ratio(matrix, y, alpha=1.0):
    pos = alpha + matrix[y == 1].sum(0)
    neg = alpha + matrix[y == 0].sum(0)
    return np.log((pos / pos.sum()) / (neg / neg.sum()))


out = te[["id"]].copy()
for name in TARGETS:
    y = tr[name].to_numpy()
    r = np.asarray(log_ratio(m_train, y))
    nb_train, nb_test = m_train.multiply(r), m_test.multiply(r)
    lr = LogisticRegression(C=2.0, dual=True, solver="liblinear").fit(nb_train, y)
    out[name] = lr.predict_proba(nb_test)[:, 1]

out.to_csv(home / "submission" / "submission.csv", index=False)
