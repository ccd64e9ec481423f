"""tensorflow2-question-answering: 10 % of each 1,000-line chunk of simplified-nq-train.jsonl
becomes the test set (``train_test_split``, random_state 0 per chunk).

The file (about 17 GB) is streamed chunk by chunk with pandas' JSON reader and writer, as
MLE-bench does, so the JSONL bytes are pandas' (example_id written as a string). The
answers are the full test records (private/test.jsonl); gold_submission.csv has an
``<id>_short`` and an ``<id>_long`` row per test example (first short answer or yes/no;
long answer span; empty when there is none), and the sample submission the same rows empty.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import split_rows, write_csv

TRAIN = "simplified-nq-train.jsonl"
CHUNK_LINES = 1_000
TEST_KEYS = ["example_id", "question_text", "document_text", "long_answer_candidates"]


def _span(answer: dict) -> str:
    return f"{answer['start_token']}:{answer['end_token']}"


def gold_rows(example_id: str, annotations: list[dict]) -> list[dict]:
    """The two gold rows of one test example, short answer first."""
    if len(annotations) != 1:
        raise ValueError(f"{TRAIN}: example {example_id} has {len(annotations)} annotations, not 1")
    annotation = annotations[0]
    if annotation["yes_no_answer"] != "NONE":
        short = annotation["yes_no_answer"]
    elif annotation["short_answers"]:
        short = _span(annotation["short_answers"][0])
    else:
        short = ""
    long = annotation["long_answer"]
    return [
        {"example_id": f"{example_id}_short", "PredictionString": short},
        {
            "example_id": f"{example_id}_long",
            "PredictionString": "" if long["start_token"] == -1 else _span(long),
        },
    ]


def prepare(raw: Path, public: Path, private: Path) -> None:
    gold: list[dict] = []
    with (
        open(public / TRAIN, "w", encoding="utf-8") as train_out,
        open(private / "test.jsonl", "w", encoding="utf-8") as test_out,
        open(public / "simplified-nq-test.jsonl", "w", encoding="utf-8") as public_test_out,
        pd.read_json(raw / TRAIN, orient="records", lines=True, chunksize=CHUNK_LINES) as chunks,
    ):
        for chunk in chunks:
            chunk["example_id"] = chunk["example_id"].astype(str)
            train, test = split_rows(chunk, test_size=0.1, random_state=0)
            train_out.write(train.to_json(orient="records", lines=True))
            test_out.write(test.to_json(orient="records", lines=True))
            public_test_out.write(test[TEST_KEYS].to_json(orient="records", lines=True))
            for example_id, annotations in zip(
                test["example_id"], test["annotations"], strict=True
            ):
                gold.extend(gold_rows(example_id, annotations))

    gold_frame = pd.DataFrame(gold, columns=["example_id", "PredictionString"])
    write_csv(gold_frame, private / "gold_submission.csv")
    write_csv(gold_frame.assign(PredictionString=""), public / "sample_submission.csv")
