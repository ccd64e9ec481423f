"""stanford-covid-vaccine: 10 % of Kaggle's train.json becomes the test set.

As in MLE-bench: ``int(0.1 * len(train))`` molecules drawn with pandas' ``sample``
(``random_state=0``) from those passing the signal-to-noise filter (``SN_filter > 0``, the
rule Kaggle's own test set followed); both parts keep train.json's order and are renumbered
in ``index``. The answers have one row per base (``<id>_<position>``): the measured first
``seq_scored`` bases with ``keep`` True, the rest zeros with ``keep`` False. Public test.json
has the fields of Kaggle's test.json (read only for them); Kaggle's test molecules and the
bpps/ matrices are not used. JSON is read and written by pandas, as MLE-bench does.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.prepare.tables import read_csv

TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
FLOAT_FORMAT = "%.10f"


def _read_lines(path: Path, required: list[str]) -> pd.DataFrame:
    frame = pd.read_json(path, lines=True)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing field(s) {missing}; has {list(frame.columns)}")
    return frame


def _answers(test: pd.DataFrame, source: Path) -> pd.DataFrame:
    """One row per base of each test molecule; unmeasured bases are zeros, not kept."""
    ids, values, keep = [], {t: [] for t in TARGETS}, []
    for record in test[["id", "seq_scored", "seq_length", *TARGETS]].to_dict("records"):
        scored, length = int(record["seq_scored"]), int(record["seq_length"])
        if not scored < length or any(len(record[t]) != scored for t in TARGETS):
            raise ValueError(
                f"{source}: molecule {record['id']} must have seq_scored ({scored}) < seq_length "
                f"({length}) and seq_scored values in each of {TARGETS}"
            )
        ids += [f"{record['id']}_{j}" for j in range(length)]
        for t in TARGETS:
            values[t].append(np.pad(np.asarray(record[t], dtype=float), (0, length - scored)))
        keep.append(np.arange(length) < scored)
    columns = {t: np.concatenate(values[t]) if ids else [] for t in TARGETS}
    return pd.DataFrame({"id_seqpos": ids, **columns, "keep": np.concatenate(keep) if ids else []})


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = _read_lines(raw / "train.json", ["index", "id", "SN_filter", "seq_length", *TARGETS])
    test_fields = list(_read_lines(raw / "test.json", ["index", "id"]).columns)
    read_csv(raw / "sample_submission.csv", columns=["id_seqpos", *TARGETS], nrows=0)

    n_test = int(len(train) * 0.1)
    chosen = train[train["SN_filter"] > 0].sample(n=n_test, random_state=0).index
    in_test = train.index.isin(chosen)
    new_train, new_test = train[~in_test].copy(), train[in_test].copy()

    answers = _answers(new_test, raw / "train.json")
    answers.to_csv(private / "test.csv", index=False, float_format=FLOAT_FORMAT)
    sample = answers[["id_seqpos", *TARGETS]].assign(**{t: 0.0 for t in TARGETS})
    sample.to_csv(public / "sample_submission.csv", index=False, float_format=FLOAT_FORMAT)

    new_train["index"] = range(len(new_train))
    new_train.to_json(public / "train.json", orient="records", lines=True)
    public_test = new_test[test_fields].copy()
    public_test["index"] = range(len(public_test))
    public_test.to_json(public / "test.json", orient="records", lines=True)
