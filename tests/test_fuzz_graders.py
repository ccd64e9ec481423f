"""Generated hostile CSVs against every implemented grader: a reason or a correct score.

Each case is graded; an exception escaping ``grade_submission`` fails the test, and a
valid verdict must come with a finite score. The number of cases tried per grader is
printed (run with ``-s`` to see it).
"""

import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mle_pipeline.grading.grade import grade_submission, read_table
from mle_pipeline.registry import all_competitions, get_competition

IMPLEMENTED = sorted(cid for cid, c in all_competitions().items() if c.implemented)
CASES: dict[str, int] = {}

cells = st.one_of(
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(-1e308),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(-(2**63), 2**63 - 1),
    st.text(max_size=12),
    st.just(""),
)


@st.composite
def hostile_csv(draw, sample: pd.DataFrame, subset_scored: bool) -> tuple[bytes, bool]:
    """(file bytes, whether the file must be judged invalid whatever the grader).

    ``subset_scored``: the sample lists more ids than are scored, and rows outside the
    scored ones may be dropped, repeated or added (a repeated or added row may be valid).
    """
    frame = sample.copy()
    must_fail = False
    kind = draw(
        st.sampled_from(["cells", "columns", "rows", "encoding", "bytes", "header_only", "quoted"])
    )
    if kind == "cells" and len(frame):
        for _ in range(draw(st.integers(1, 5))):
            row = draw(st.integers(0, len(frame) - 1))
            col = draw(st.sampled_from(list(frame.columns)))
            frame[col] = frame[col].astype(object)
            frame.iat[row, frame.columns.get_loc(col)] = draw(cells)
    elif kind == "columns":
        action = draw(st.sampled_from(["drop", "extra", "rename", "shuffle"]))
        if action == "drop":
            frame = frame.drop(columns=[draw(st.sampled_from(list(frame.columns)))])
        elif action == "extra":
            frame["extra"] = 1
        elif action == "rename":
            frame = frame.rename(columns={frame.columns[-1]: draw(st.text(max_size=5))})
        else:
            frame = frame[list(reversed(frame.columns))]
    elif kind == "rows":
        action = draw(st.sampled_from(["dup", "drop", "shuffle", "empty"]))
        must_fail = action == "empty" or (action != "shuffle" and not subset_scored)
        if action == "dup":
            frame = pd.concat([frame, frame.iloc[:1]])
        elif action == "drop":
            frame = frame.iloc[1:]
        elif action == "shuffle":
            frame = frame.sample(frac=1, random_state=draw(st.integers(0, 9)))
        else:
            frame = frame.iloc[:0]
    text = frame.to_csv(index=False)
    if kind == "header_only":
        return text.splitlines()[0].encode() + b"\n", True
    if kind == "encoding":
        variant = draw(st.sampled_from(["bom", "crlf", "latin1"]))
        if variant == "bom":
            return b"\xef\xbb\xbf" + text.encode(), must_fail
        if variant == "crlf":
            return text.replace("\n", "\r\n").encode(), must_fail
        return text.encode() + "caf\xe9,\xff\n".encode("latin-1"), True
    if kind == "bytes":
        return draw(st.binary(min_size=1, max_size=300)), True
    if kind == "quoted":
        return text.encode() + b'"a\nb","c\nd"\n', not subset_scored
    return text.encode(), must_fail


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_hostile_csvs_never_crash_a_grader(cid: str, prepared_root) -> None:
    layout = prepared_root(cid)
    competition = get_competition(cid)
    answers = layout.prepared_dir(cid) / competition.answers
    sample = read_table(layout.prepared_dir(cid) / competition.sample_submission)
    CASES[cid] = 0

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=hostile_csv(sample, bool(competition.options.get("unscored_rows_allowed"))))
    def check(case: tuple[bytes, bool]) -> None:
        data, must_fail = case
        CASES[cid] += 1
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "submission.csv"
            path.write_bytes(data)
            report = grade_submission(competition, path, answers)
        if report.valid_submission:
            assert not must_fail, "a malformed file was given a score"
            assert report.score is not None and math.isfinite(report.score)
            assert report.invalid_reason is None
        else:
            assert report.score is None and report.invalid_reason
            assert not report.any_medal

    check()
    print(f"{cid}: {CASES[cid]} generated submissions graded without an exception")
    assert CASES[cid] >= 20
