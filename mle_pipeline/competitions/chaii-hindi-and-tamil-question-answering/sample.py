"""Synthetic chaii-hindi-and-tamil-question-answering download.

Kaggle ships train.csv (id of 9 hex characters, context, question, answer_text,
answer_start = the answer's character offset in the context, language "hindi" or
"tamil"), a five-row test.csv without the answer columns and sample_submission.csv (id,
PredictionString). Here each context states facts about a few named things and the
question asks for one of them by the word that precedes it.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv

LANGUAGES = {
    "hindi": {
        "names": ["दिल्ली", "गंगा", "हिमालय", "ताजमहल", "मुंबई", "भारत", "१९४७", "गांधी"],
        "filler": "यह एक बहुत पुराना और प्रसिद्ध स्थान है जो लोगों को पसंद है".split(),
        "relations": ["राजधानी", "नदी", "पर्वत", "स्मारक"],
        "question": "{relation} का नाम क्या है?",
    },
    "tamil": {
        "names": ["சென்னை", "காவேரி", "மதுரை", "தமிழ்நாடு", "இலங்கை", "திருவள்ளுவர்", "1956"],
        "filler": "இது ஒரு மிகவும் பழமையான மற்றும் புகழ்பெற்ற இடம் ஆகும்".split(),
        "relations": ["தலைநகரம்", "ஆறு", "நகரம்", "கவிஞர்"],
        "question": "{relation} எது?",
    },
}


def _question(gen: np.random.Generator, language: str) -> tuple[str, str, str, int]:
    words = LANGUAGES[language]
    relations = list(gen.choice(words["relations"], 3, replace=False))
    names = list(gen.choice(words["names"], 3, replace=False))
    sentences = []
    for relation, name in zip(relations, names, strict=True):
        filler = " ".join(gen.choice(words["filler"], int(gen.integers(3, 8))))
        sentences.append(f"{filler} {relation} {name} {filler}।")
    context = " ".join(sentences)
    asked = int(gen.integers(0, 3))
    answer = names[asked]
    start = context.index(f"{relations[asked]} {answer}") + len(relations[asked]) + 1
    question = words["question"].format(relation=relations[asked])
    return context, question, answer, start


def generate(out_dir: Path, seed: int = 0, n_train: int = 400, n_test: int = 5) -> None:
    gen = rng(seed, "chaii-hindi-and-tamil-question-answering")
    ids = hex_ids(gen, n_train + n_test, 9)
    languages = gen.choice(["hindi", "tamil"], n_train + n_test, p=[0.66, 0.34])
    rows = [_question(gen, str(language)) for language in languages]
    frame = pd.DataFrame(rows, columns=["context", "question", "answer_text", "answer_start"])
    frame.insert(0, "id", ids)
    frame["language"] = languages
    train = frame.iloc[:n_train]
    test = frame.iloc[n_train:][["id", "context", "question", "language"]]
    write_csv(train, out_dir / "train.csv")
    write_csv(test, out_dir / "test.csv")
    write_csv(
        pd.DataFrame({"id": test["id"], "PredictionString": "dummy text"}),
        out_dir / "sample_submission.csv",
    )
