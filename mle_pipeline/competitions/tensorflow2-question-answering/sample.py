"""Synthetic tensorflow2-question-answering download: simplified-nq-train.jsonl,
simplified-nq-test.jsonl, sample_submission.csv.

Records follow Kaggle's simplified Natural Questions: ``document_text`` is space-separated
tokens with HTML tags as tokens, ``long_answer_candidates`` are token spans (``top_level``),
and each training record has one annotation (``yes_no_answer``, ``long_answer`` with its
candidate index or -1, ``short_answers`` spans, ``annotation_id``); example ids are signed
64-bit integers. Questions ask for a fact one paragraph states ("what is the capital of
X" -> "<P> The capital of X is Y . </P>"), or whether it holds (yes/no); some documents
do not answer.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv

PLACES = "Arden Brill Corvo Dalt Esk Fenn Gorm Hale Istra Jorn Kell Lusk".split()
CITIES = "Amber Birch Cedar Dune Elm Flint Grove Heath Iris Juniper".split()
FILLER = "the region is known for its rivers , hills and old roads".split()


def _record(gen: np.random.Generator, example_id: int) -> dict:
    place, city = str(gen.choice(PLACES)), str(gen.choice(CITIES))
    kind = gen.choice(["short", "yes_no", "long_only", "none"], p=[0.45, 0.1, 0.15, 0.3])
    tokens = ["<H1>", place, "</H1>"]
    candidates, answer_paragraph = [], None
    n_paragraphs = int(gen.integers(2, 5))
    answer_at = int(gen.integers(0, n_paragraphs))
    for i in range(n_paragraphs):
        start = len(tokens)
        if i == answer_at and kind != "none":
            body = ["The", "capital", "of", place, "is", city, "."]
            answer_paragraph = (len(candidates), start, start + len(body) + 2, start + 6)
        else:
            body = list(gen.choice(FILLER, int(gen.integers(5, 12))))
        tokens += ["<P>", *body, "</P>"]
        candidates.append({"start_token": start, "top_level": True, "end_token": len(tokens)})
    asked = city if kind != "yes_no" or gen.random() < 0.5 else str(gen.choice(CITIES))
    question = (
        f"is {asked} the capital of {place}"
        if kind == "yes_no"
        else f"what is the capital of {place.lower()}"
    )
    long_answer = {"start_token": -1, "candidate_index": -1, "end_token": -1}
    short_answers, yes_no = [], "NONE"
    if answer_paragraph is not None:
        index, start, end, city_at = answer_paragraph
        long_answer = {"start_token": start, "candidate_index": index, "end_token": end}
        if kind == "short":
            short_answers = [{"start_token": city_at, "end_token": city_at + 1}]
        elif kind == "yes_no":
            yes_no = "YES" if asked == city else "NO"
    return {
        "document_text": " ".join(tokens),
        "long_answer_candidates": candidates,
        "question_text": question,
        "annotations": [
            {
                "yes_no_answer": yes_no,
                "long_answer": long_answer,
                "short_answers": short_answers,
                "annotation_id": int(gen.integers(1, 2**63 - 1)),
            }
        ],
        "document_url": f"https://en.wikipedia.org//w/index.php?title={place}&oldid={abs(example_id)}",
        "example_id": example_id,
    }


def _write_jsonl(records: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, separators=(",", ":")) + "\n")


def generate(out_dir: Path, seed: int = 0, n_train: int = 1_200, n_test: int = 20) -> None:
    gen = rng(seed, "tensorflow2-question-answering")
    ids = gen.choice(np.arange(-(2**62), 2**62, 2**40), n_train + n_test, replace=False)
    train = [_record(gen, int(i)) for i in ids[:n_train]]
    test = []
    for i in ids[n_train:]:
        record = _record(gen, int(i))
        test.append(
            {
                k: record[k]
                for k in ("example_id", "question_text", "document_text", "long_answer_candidates")
            }
        )
    _write_jsonl(train, out_dir / "simplified-nq-train.jsonl")
    _write_jsonl(test, out_dir / "simplified-nq-test.jsonl")
    slots = [f"{r['example_id']}_{slot}" for r in test for slot in ("long", "short")]
    write_csv(
        pd.DataFrame({"example_id": slots, "PredictionString": ""}),
        out_dir / "sample_submission.csv",
    )
