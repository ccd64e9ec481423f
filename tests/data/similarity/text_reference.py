import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.metrics import roc_auc_score
from scipy.sparse import hstack

train = pd.read_csv("../input/jigsaw-toxic-comment-classification-challenge/train.csv")
test = pd.read_csv("../input/jigsaw-toxic-comment-classification-challenge/test.csv")
labels = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def clean(text):
    text = text.lower()
    text = re.sub(r"http\S+", " url ", text)
    text = re.sub(r"[^a-z0-9!?' ]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


train_text = train["comment_text"].fillna("").map(clean)
test_text = test["comment_text"].fillna("").map(clean)
all_text = pd.concat([train_text, test_text])

word_vec = TfidfVectorizer(sublinear_tf=True, analyzer="word", ngram_range=(1, 2), max_features=50000)
char_vec = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), max_features=50000)
word_vec.fit(all_text)
char_vec.fit(all_text)
train_features = hstack([word_vec.transform(train_text), char_vec.transform(train_text)]).tocsr()
test_features = hstack([word_vec.transform(test_text), char_vec.transform(test_text)]).tocsr()

submission = pd.DataFrame({"id": test["id"]})
aucs = []
for label in labels:
    target = train[label]
    classifier = LogisticRegression(C=4.0, solver="sag", max_iter=300)
    oof = cross_val_predict(classifier, train_features, target, cv=3, method="predict_proba")[:, 1]
    aucs.append(roc_auc_score(target, oof))
    classifier.fit(train_features, target)
    submission[label] = classifier.predict_proba(test_features)[:, 1]
    print(label, aucs[-1])

print("mean AUC", np.mean(aucs))
submission.to_csv("submission.csv", index=False)
