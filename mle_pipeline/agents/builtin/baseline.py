"""The baseline agent: a small scikit-learn model, or the sample submission when none fits.

It reads only what any agent sees (the data folder). Targets are the sample submission's
columns that the test file lacks; the model predicts them from the numeric, low-cardinality
categorical and longest text columns shared by train and test. Probabilities are written
when the description's metric asks for them (AUC, log loss) or the sample holds fractions.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from mle_pipeline.agents.builtin.common import (
    copy_sample,
    data_dir,
    find_sample_submission,
    log,
    pipes,
    read_sample_bytes,
    submission_path,
)

MAX_TRAIN_ROWS = 200_000
PROBABILITY_METRICS = ("auc", "log loss", "logloss", "cross-entropy")


@dataclass(frozen=True)
class Task:
    train: pd.DataFrame
    test: pd.DataFrame
    sample: pd.DataFrame
    keys: list[str]
    targets: list[str]
    wants_probabilities: bool


TRAIN_FILES = ("train.csv", "labels.csv", "train_labels.csv", "train.json")
TEST_FILES = ("test.csv", "test.json")


def _read(path: Path, limit: int | None = None) -> pd.DataFrame:
    if path.suffix == ".json":
        frame = pd.read_json(path)
        nested = [c for c in frame if frame[c].map(lambda v: isinstance(v, list | dict)).any()]
        frame = frame.drop(columns=nested)
        return frame.head(limit) if limit else frame
    return pd.read_csv(path, nrows=limit)


def _table(data: Path, names: tuple[str, ...]) -> Path:
    for name in names:
        if (data / name).is_file():
            return data / name
    raise FileNotFoundError(f"no table named {', '.join(names)} in {data}")


def understand(data: Path) -> Task:
    sample = pd.read_csv(io.BytesIO(read_sample_bytes(find_sample_submission(data))))
    train = _read(_table(data, TRAIN_FILES), MAX_TRAIN_ROWS)
    test = _read(_table(data, TEST_FILES))
    keys = [c for c in sample.columns if c in test.columns]
    targets = [c for c in sample.columns if c not in test.columns]
    if not keys or not targets:
        raise ValueError("cannot tell the id and target columns apart")
    description = (
        (data / "description.md").read_text().lower() if (data / "description.md").exists() else ""
    )
    fractional = all(
        pd.api.types.is_float_dtype(sample[t]) and sample[t].between(0, 1).all() for t in targets
    )
    wants = fractional or any(m in description for m in PROBABILITY_METRICS)
    return Task(train, test, sample, keys, targets, wants)


def _features(task: Task, excluded: set[str]) -> tuple[ColumnTransformer, list[str]]:
    shared = [c for c in task.test.columns if c in task.train.columns and c not in excluded]
    numeric = [c for c in shared if pd.api.types.is_numeric_dtype(task.train[c])]
    text_like = [c for c in shared if c not in numeric]
    text = max(text_like, key=lambda c: task.train[c].astype(str).str.len().mean(), default=None)
    if text is not None and task.train[text].astype(str).str.len().mean() < 20:
        text = None
    categorical = [c for c in text_like if c != text and task.train[c].nunique() <= 30]
    parts = []
    if numeric:
        parts.append(("num", make_pipeline(SimpleImputer(), StandardScaler()), numeric))
    if categorical:
        parts.append(
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
                ),
                categorical,
            )
        )
    if text:
        parts.append(
            ("text", TfidfVectorizer(ngram_range=(1, 2), min_df=1, max_features=50_000), text)
        )
    if not parts:
        raise ValueError("no usable feature columns shared by train and test")
    used = numeric + categorical + ([text] if text else [])
    return ColumnTransformer(parts), used


def _fit_predict(task: Task, target: str, label_column: str | None) -> np.ndarray:
    """Predict one sample-submission column (or a class of ``label_column``)."""
    id_keys = {k for k in task.keys if task.test[k].astype(str).str.len().mean() < 20}
    excluded = id_keys | set(task.targets) | ({label_column} if label_column else set())
    features, used = _features(task, excluded)
    X, X_test = task.train[used], task.test[used]
    if label_column is not None:
        y = (task.train[label_column].astype(str) == target).astype(int)
    else:
        y = task.train[target]
    values = pd.unique(y.dropna())
    classification = (
        label_column is not None
        or len(values) <= 2
        and set(pd.Series(values).astype(str).str.lower())
        <= {"0", "1", "true", "false", "0.0", "1.0"}
    )
    mask = y.notna()
    if classification:
        return _binary(task, target, label_column, features, X[mask], y[mask], X_test)
    if _is_multiclass(y[mask]):
        model = Pipeline([("features", features), ("model", LogisticRegression(max_iter=500))])
        model.fit(X[mask], y[mask])
        return model.predict(X_test)
    model = Pipeline([("features", features), ("model", Ridge(alpha=1.0))])
    model.fit(X[mask], y[mask].astype(float))
    low, high = float(y.min()), float(y.max())
    return np.clip(model.predict(X_test), low, high)


MAX_CLASSES = 50


def _is_multiclass(y: pd.Series) -> bool:
    """Few distinct whole-number (or text) labels: classes, not a quantity to regress."""
    if y.nunique() > MAX_CLASSES:
        return False
    if pd.api.types.is_numeric_dtype(y):
        return bool(np.all(np.mod(y.to_numpy(dtype=float), 1) == 0))
    return True


def _binary(task, target, label_column, features, X, y, X_test) -> np.ndarray:
    model = Pipeline([("features", features), ("model", LogisticRegression(max_iter=2000, C=2.0))])
    model.fit(X, y.astype(str))
    classes = list(model.classes_)
    positive = next((c for c in classes if c.lower() in ("1", "true", "1.0")), classes[-1])
    proba = model.predict_proba(X_test)[:, classes.index(positive)]
    if task.wants_probabilities or label_column is not None:
        return proba
    if pd.api.types.is_bool_dtype(task.sample[target]):
        return proba >= 0.5
    return (proba >= 0.5).astype(int)


def _class_label_column(task: Task) -> str | None:
    """A train column whose values are the target columns' names (one-hot class targets)."""
    wanted = set(task.targets)
    for column in task.train.columns:
        if column in task.test.columns:
            continue
        if wanted <= set(task.train[column].astype(str).unique()):
            return column
    return None


def _extractive_source(task: Task, target: str) -> str | None:
    """A text column shared by train and test that holds a free-text target as a span in
    most train rows (question answering, span extraction), else None."""
    answers = task.train[target]
    if pd.api.types.is_numeric_dtype(answers) or answers.nunique() <= MAX_CLASSES:
        return None
    answers = answers.fillna("").astype(str)
    best, best_share = None, 0.5
    for column in task.test.columns:
        if column in task.keys or column not in task.train.columns:
            continue
        texts = task.train[column]
        if pd.api.types.is_numeric_dtype(texts):
            continue
        texts = texts.fillna("").astype(str)
        share = float(np.mean([a in t for a, t in zip(answers, texts, strict=True)]))
        if share > best_share:
            best, best_share = column, share
    return best


def _one_hot_targets(task: Task) -> bool:
    """Several 0/1 target columns with exactly one 1 per train row: one class per row, so
    their predicted probabilities must sum to one."""
    if len(task.targets) < 2 or not task.wants_probabilities:
        return False
    values = task.train[task.targets]
    if not all(pd.api.types.is_numeric_dtype(values[t]) for t in task.targets):
        return False
    return bool(values.isin([0, 1]).all().all() and (values.sum(axis=1) == 1).all())


def predict(task: Task) -> pd.DataFrame:
    label_column = None
    if not all(t in task.train.columns for t in task.targets):
        label_column = _class_label_column(task)
        if label_column is None:
            raise ValueError(f"targets {task.targets} are not columns of train.csv")
    predictions = pd.DataFrame({k: task.test[k] for k in task.keys})
    for target in task.targets:
        source = _extractive_source(task, target) if label_column is None else None
        if source is not None:  # the answer is a span of a text column: copy that column
            predictions[target] = task.test[source].fillna("")
            continue
        predictions[target] = _fit_predict(task, target, label_column)
    if label_column is not None or _one_hot_targets(task):
        totals = predictions[task.targets].sum(axis=1)
        predictions[task.targets] = predictions[task.targets].div(totals, axis=0)
    merged = task.sample[task.keys].merge(predictions, on=task.keys, how="left", validate="1:1")
    if merged[task.targets].isna().any().any() or len(merged) != len(task.sample):
        raise ValueError("predictions do not line up with the sample submission's rows")
    return merged[list(task.sample.columns)]


def main() -> int:
    data, dest = data_dir(), submission_path()
    code = os.environ.get("CODE_DIR")
    if code and os.path.isdir(code):  # keep the code that ran in code/, as asked of agents
        shutil.copyfile(__file__, os.path.join(code, "baseline.py"))
    with pipes() as context:
        try:
            task = understand(data)
            submission = predict(task)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(".partial-" + dest.name)
            submission.to_csv(tmp, index=False)
            os.replace(tmp, dest)
            log(context, f"baseline: fitted a model for {task.targets} on {len(task.train)} rows")
            strategy = "model"
        except Exception as err:  # noqa: BLE001 - any failure falls back to the sample
            log(
                context,
                f"baseline: no model fits this data ({type(err).__name__}: {err}); "
                "submitting the sample submission",
            )
            copy_sample(data, dest)
            strategy = "sample submission"
        if context is not None:
            context.report_custom_message({"strategy": strategy})
    return 0


if __name__ == "__main__":
    sys.exit(main())
