"""Synthetic text-normalization (Russian) download: the five zipped CSVs Kaggle ships.

ru_train.csv holds sentences as one row per token (sentence_id, token_id, class, before,
after) in UTF-8 Cyrillic; the stage-1 and stage-2 test files hold before only, and their
sample submissions copy it to after. Latin words are spelled out letter by letter with the
``_trans`` suffix, as in the real data, and a few tokens are ``NA`` (read as missing).
"""

from pathlib import Path

import numpy as np

from mle_pipeline.competitions.text_normalization import write_language
from mle_pipeline.sources.synthetic import rng

ONES = (
    "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
    "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать"
).split()
TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
WORDS = (
    "в и на году был город река альбом команда сезон фильм родился церковь село население "
    "станция школа его её"
).split()
LATIN = {"Google": "гугл", "Microsoft": "микрософт", "Linux": "линукс", "Apple": "эпл"}


def _number(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    rest = n % 100
    return HUNDREDS[n // 100] + ("" if rest == 0 else " " + _number(rest))


def token(gen: np.random.Generator) -> tuple[str, str, str]:
    """One (class, before, after) triple."""
    kind = gen.random()
    if kind < 0.6:
        word = str(gen.choice(WORDS))
        return "PLAIN", word, word
    if kind < 0.7:
        mark = str(gen.choice([",", ".", "(", ")", "—", "«", "»"]))
        return "PUNCT", mark, mark
    if kind < 0.82:
        n = int(gen.integers(0, 1000))
        return "CARDINAL", str(n), _number(n)
    if kind < 0.9:
        letters = "".join(gen.choice(list("АБВГДКМНОПРСТУФ"), int(gen.integers(2, 5))))
        return "LETTERS", letters, " ".join(letters.lower())
    if kind < 0.985:
        word = str(gen.choice(list(LATIN)))
        return "PLAIN", word, " ".join(f"{c}_trans" for c in LATIN[word])
    return "LETTERS", "NA", "н а"


def generate(out_dir: Path, seed: int = 0, n_train: int = 150, n_test: int = 30) -> None:
    gen = rng(seed, "text-normalization-challenge-russian-language")
    write_language(out_dir, "ru", gen, token, n_train, n_test)
