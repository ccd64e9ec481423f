"""h-and-m-personalized-fashion-recommendations: the last eight days of transactions become
the test week.

As in MLE-bench: transactions on or after the last date minus 7 days are held out; the
rest are public ``transactions_train.csv`` in their original order (article ids written as
integers, dropping Kaggle's leading zero; prices as Python's shortest round-trip repr). The
answers list, per customer who bought in those days (sorted by customer_id), the article ids
bought, in file order, separated by spaces. articles.csv, customers.csv, Kaggle's
sample_submission.csv and ``images/`` are copied unchanged.

Kaggle's transactions_train.csv is 3.5 GB: DuckDB streams it twice (its last date, then the
earlier rows straight to the new file, in order); only the held-out rows reach pandas.
"""

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from mle_pipeline.prepare.tables import copy_file, write_csv

COLUMNS = {
    "t_dat": "VARCHAR",
    "customer_id": "VARCHAR",
    "article_id": "BIGINT",
    "price": "DOUBLE",
    "sales_channel_id": "BIGINT",
}
TEST_DAYS = 7  # MLE-bench keeps t_dat >= last date - 7 days: eight calendar days


def _require_header(path: Path) -> None:
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n").split(",")
    if header != list(COLUMNS):
        raise ValueError(f"{path}: expected columns {list(COLUMNS)}, got {header}")


def _quoted(path: Path) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET threads = 2; SET memory_limit = '1GB'; SET preserve_insertion_order = true")
    return con


def _cutoff(con: duckdb.DuckDBPyConnection, transactions: str, path: Path) -> str:
    """The first held-out date; fails on a missing value (pandas would change the types)."""
    nulls = " + ".join(f"count(*) FILTER (WHERE {c} IS NULL)" for c in COLUMNS)
    query = f"SELECT max(t_dat::DATE) - INTERVAL {TEST_DAYS} DAY, {nulls} FROM {transactions}"
    cutoff, missing = con.execute(query).fetchone()
    if cutoff is None or missing:
        raise ValueError(f"{path}: {missing} missing value(s) or no rows; cannot split it")
    return cutoff.date().isoformat()


def _answers(held_out: pd.DataFrame) -> pd.DataFrame:
    answers = held_out.groupby("customer_id")["article_id"].agg(
        lambda ids: " ".join(ids.astype(str))
    )
    return answers.rename("prediction").reset_index()


def prepare(raw: Path, public: Path, private: Path) -> None:
    path = raw / "transactions_train.csv"
    _require_header(path)
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items())
    transactions = (
        f"read_csv({_quoted(path)}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"columns = {{{types}}})"
    )
    public.mkdir(parents=True, exist_ok=True)
    with _connect() as con:
        cutoff = _cutoff(con, transactions, path)
        con.execute(
            f"COPY (SELECT * FROM {transactions} WHERE t_dat::DATE < DATE '{cutoff}') "
            f"TO {_quoted(public / 'transactions_train.csv')} (HEADER, DELIMITER ',')"
        )
        held_out = con.execute(
            f"SELECT customer_id, article_id FROM {transactions} "
            f"WHERE t_dat::DATE >= DATE '{cutoff}'"
        ).df()
    write_csv(_answers(held_out), private / "answers.csv")
    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        copy_file(raw / name, public / name)
    shutil.copytree(raw / "images", public / "images", copy_function=shutil.copyfile)
