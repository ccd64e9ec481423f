"""Synthetic text-normalization (English) download: the five zipped CSVs Kaggle ships.

en_train.csv holds sentences as one row per token (sentence_id, token_id, class, before,
after); the stage-1 and stage-2 test files hold before only, and their sample submissions
copy it to after. A few tokens are ``NA``, which pandas reads as missing, as in the real data.
"""

from pathlib import Path

import numpy as np

from mle_pipeline.competitions.text_normalization import write_language
from mle_pipeline.sources.synthetic import rng

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
WORDS = (
    "the a of in and to was is his her city river album team season film was born played "
    "church village population series station school"
).split()
MONTHS = "January February March April May June July August September October November December"


def _number(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    rest = n % 100
    return ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + _number(rest))


def _year(n: int) -> str:
    high, low = divmod(n, 100)
    return _number(high) + (
        " hundred" if low == 0 else " oh " + ONES[low] if low < 10 else " " + _number(low)
    )


def token(gen: np.random.Generator) -> tuple[str, str, str]:
    """One (class, before, after) triple."""
    kind = gen.random()
    if kind < 0.55:
        word = str(gen.choice(WORDS))
        return "PLAIN", word, word
    if kind < 0.65:
        mark = str(gen.choice([",", ".", "(", ")", "-", '"']))
        return "PUNCT", mark, mark
    if kind < 0.77:
        n = int(gen.integers(0, 1000))
        return "CARDINAL", str(n), _number(n)
    if kind < 0.85:
        year = int(gen.integers(1900, 2017))
        return "DATE", str(year), _year(year)
    if kind < 0.92:
        letters = "".join(gen.choice(list("ABCDEFGHIJKLMNOPRSTUVW"), int(gen.integers(2, 5))))
        return "LETTERS", letters, " ".join(letters.lower())
    if kind < 0.97:
        month = str(gen.choice(MONTHS.split()))
        return "PLAIN", month, month
    if kind < 0.985:
        return "LETTERS", "NA", "n a"
    return "VERBATIM", "&", "and"


def generate(out_dir: Path, seed: int = 0, n_train: int = 150, n_test: int = 30) -> None:
    gen = rng(seed, "text-normalization-challenge-english-language")
    write_language(out_dir, "en", gen, token, n_train, n_test)
