"""pandas' CSV conventions, which MLE-bench's files and graders follow (no heavy imports:
the grader's reader and the taxi prepare use them, and the CLI starts without scikit-learn)."""

# pandas.read_csv's default missing-value strings (its documented ``na_values`` defaults).
PANDAS_NA_STRINGS = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]  # fmt: skip
