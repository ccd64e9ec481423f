"""statoil-iceberg-classifier-challenge: a fifth of the labelled train records becomes the test set.

As MLE-bench: ``train_test_split(test_size=0.2, random_state=0)`` over the records of
``train.json.7z`` (member ``data/processed/train.json``); the public test keeps the fields
of Kaggle's test records; public files are 7z archives holding ``train.json``,
``test.json`` and ``sample_submission.csv`` (JSON written with ``json.dump``'s defaults,
as MLE-bench writes it, so the archived JSON is byte-identical). The answers are
``private/test.csv`` (``id``, ``is_iceberg``); the sample submission (every probability
0.5) is kept in ``private/`` too, where MLE-bench's config points.
"""

import json
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mle_pipeline.prepare.tables import scratch_dir, write_csv
from mle_pipeline.sources.archive import extract, seven_zip_file

TARGET = "is_iceberg"
MEMBER = "data/processed/{}.json"


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    if not isinstance(records, list) or not records:
        raise ValueError(f"{path}: expected a non-empty JSON list of records")
    keys = set(records[0])
    if any(set(record) != keys for record in records):
        raise ValueError(f"{path}: records do not all have the same fields")
    return records


def _first_record_fields(path: Path) -> list[str]:
    """The field names of the first record of a JSON list, without parsing the whole file
    (Kaggle's test.json is about 1.5 GB)."""
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as handle:
        text = handle.read(1 << 16)
        start = text.find("{")
        while True:
            try:
                record, _ = decoder.raw_decode(text, start)
                break
            except json.JSONDecodeError:
                more = handle.read(1 << 22)
                if not more:
                    raise ValueError(f"{path}: no complete first record") from None
                text += more
    if not isinstance(record, dict):
        raise ValueError(f"{path}: expected a JSON list of records")
    return list(record)


def _write_7z_json(records: list[dict], scratch: Path, name: str, dest: Path) -> None:
    path = scratch / name
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(records, handle)
    seven_zip_file(path, dest, name)
    path.unlink()


def prepare(raw: Path, public: Path, private: Path) -> None:
    with scratch_dir(public) as tmp:
        scratch = Path(tmp)
        extract(raw / "train.json.7z", scratch / "train")
        extract(raw / "test.json.7z", scratch / "test")
        records = _records(scratch / "train" / MEMBER.format("train"))
        test_fields = _first_record_fields(scratch / "test" / MEMBER.format("test"))
        missing = [f for f in test_fields if f not in records[0]]
        if missing:
            raise ValueError(f"train.json records lack the test fields {missing}")
        train, test = train_test_split(records, test_size=0.2, random_state=0)
        public_test = [{key: record[key] for key in test_fields} for record in test]
        _write_7z_json(train, scratch, "train.json", public / "train.json.7z")
        _write_7z_json(public_test, scratch, "test.json", public / "test.json.7z")

        answers = pd.DataFrame(
            {"id": [r["id"] for r in test], TARGET: [int(r[TARGET]) for r in test]}
        )
        write_csv(answers, private / "test.csv")
        sample = answers.assign(**{TARGET: 0.5})
        write_csv(sample, private / "sample_submission.csv")
        seven_zip_file(
            private / "sample_submission.csv",
            public / "sample_submission.csv.7z",
            "sample_submission.csv",
        )
