"""Synthetic random-acts-of-pizza download: train.json, test.json (also zipped), sampleSubmission.

Records carry Kaggle's fields in Kaggle's (alphabetical) order: 32 in train, the 17 known at
request time in test. As in the real data, ``giver_username_if_known`` names a giver only
for some successful requests, and ``requester_user_flair`` is set only for them.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, zip_single

TARGET = "requester_received_pizza"
TEST_FIELDS = [
    "giver_username_if_known",
    "request_id",
    "request_text_edit_aware",
    "request_title",
    "requester_account_age_in_days_at_request",
    "requester_days_since_first_post_on_raop_at_request",
    "requester_number_of_comments_at_request",
    "requester_number_of_comments_in_raop_at_request",
    "requester_number_of_posts_at_request",
    "requester_number_of_posts_on_raop_at_request",
    "requester_number_of_subreddits_at_request",
    "requester_subreddits_at_request",
    "requester_upvotes_minus_downvotes_at_request",
    "requester_upvotes_plus_downvotes_at_request",
    "requester_username",
    "unix_timestamp_of_request",
    "unix_timestamp_of_request_utc",
]
HOPEFUL = "job paycheck kids family rent student broke bills hungry week".split()
PLAIN = "pizza tonight would love some please anyone craving friday cheese pepperoni".split()
SUBREDDITS = ["AskReddit", "pics", "funny", "gaming", "Random_Acts_Of_Pizza", "food", "IAmA"]
BASE36 = list("0123456789abcdefghijklmnopqrstuvwxyz")


def _text(gen: np.random.Generator, hopeful: bool) -> str:
    words = list(gen.choice(PLAIN, int(gen.integers(8, 25))))
    if hopeful:
        words += list(gen.choice(HOPEFUL, int(gen.integers(2, 5))))
        gen.shuffle(words)
    text = " ".join(words).capitalize() + "."
    return text + (" Thanks \u2665" if gen.random() < 0.1 else "")


def _record(gen: np.random.Generator, index: int, received: bool) -> dict:
    hopeful = bool(gen.random() < (0.75 if received else 0.3))
    age = float(np.round(gen.exponential(300), 7))
    raop_days = float(np.round(gen.exponential(20), 7)) if gen.random() < 0.3 else 0.0
    comments, posts = int(gen.integers(0, 400)), int(gen.integers(0, 120))
    raop_comments, raop_posts = int(gen.integers(0, 4)), int(gen.integers(0, 2))
    subreddits = sorted(set(gen.choice(SUBREDDITS, int(gen.integers(0, 5)))))
    karma_plus = int(gen.integers(0, 5000))
    karma_minus = int(karma_plus - 2 * gen.integers(0, karma_plus // 4 + 1))
    timestamp = float(gen.integers(1_291_800_000, 1_380_500_000))
    later = float(np.round(gen.uniform(100, 1000), 7))
    text = _text(gen, hopeful)
    edited = bool(gen.random() < 0.1)
    giver = f"giver_{int(gen.integers(1000)):03d}" if received and gen.random() < 0.4 else "N/A"
    return {
        "giver_username_if_known": giver,
        "number_of_downvotes_of_request_at_retrieval": int(gen.integers(0, 10)),
        "number_of_upvotes_of_request_at_retrieval": int(gen.integers(0, 30)),
        # Kaggle's field is false/true, and for a few requests the edit's unix time.
        "post_was_edited": timestamp + 5000.0 if edited and gen.random() < 0.3 else edited,
        "request_id": "t3_" + "".join(gen.choice(BASE36, 5)) + str(index),
        "request_number_of_comments_at_retrieval": int(gen.integers(0, 20)),
        "request_text": text + (" EDIT: got a pizza, thanks!" if received and edited else ""),
        "request_text_edit_aware": text,
        "request_title": "[Request] " + " ".join(gen.choice(PLAIN, 4)),
        "requester_account_age_in_days_at_request": age,
        "requester_account_age_in_days_at_retrieval": float(np.round(age + later, 7)),
        "requester_days_since_first_post_on_raop_at_request": raop_days,
        "requester_days_since_first_post_on_raop_at_retrieval": float(
            np.round(raop_days + later, 7)
        ),
        "requester_number_of_comments_at_request": comments,
        "requester_number_of_comments_at_retrieval": comments + int(gen.integers(0, 200)),
        "requester_number_of_comments_in_raop_at_request": raop_comments,
        "requester_number_of_comments_in_raop_at_retrieval": raop_comments
        + int(gen.integers(0, 5)),
        "requester_number_of_posts_at_request": posts,
        "requester_number_of_posts_at_retrieval": posts + int(gen.integers(0, 40)),
        "requester_number_of_posts_on_raop_at_request": raop_posts,
        "requester_number_of_posts_on_raop_at_retrieval": raop_posts + 1,
        "requester_number_of_subreddits_at_request": len(subreddits),
        "requester_received_pizza": received,
        "requester_subreddits_at_request": subreddits,
        "requester_upvotes_minus_downvotes_at_request": karma_minus,
        "requester_upvotes_minus_downvotes_at_retrieval": karma_minus + int(gen.integers(0, 900)),
        "requester_upvotes_plus_downvotes_at_request": karma_plus,
        "requester_upvotes_plus_downvotes_at_retrieval": karma_plus + int(gen.integers(0, 900)),
        "requester_user_flair": (str(gen.choice(["shroom", "PIF"])) if received else None),
        "requester_username": f"user_{index:05d}",
        "unix_timestamp_of_request": timestamp,
        "unix_timestamp_of_request_utc": timestamp - 3600.0,
    }


def _records(gen: np.random.Generator, n: int, start: int) -> list[dict]:
    # About a quarter of requests succeed (Kaggle's train: 25 %).
    return [_record(gen, index, bool(gen.random() < 0.25)) for index in range(start, start + n)]


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 160) -> None:
    gen = rng(seed, "random-acts-of-pizza")
    train = _records(gen, n_train, 0)
    test = [{key: record[key] for key in TEST_FIELDS} for record in _records(gen, n_test, n_train)]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, records in (("train", train), ("test", test)):
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(records, indent=4), encoding="utf-8")
        zip_single(path, remove=False).rename(out_dir / f"{name}.zip")
    sample = pd.DataFrame({"request_id": [r["request_id"] for r in test], TARGET: 0})
    write_csv(sample, out_dir / "sampleSubmission.csv")
