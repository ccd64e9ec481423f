"""Grade one submission file: read it, score it with the competition's grader, rank it.

Plain Python, no Dagster: the CLI, the validation server, tests and the assets call it.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import math
import os
import stat
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from mle_pipeline import fsutil
from mle_pipeline.grading import csv_reader
from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.report import GradingReport
from mle_pipeline.medals import Thresholds, rank_score
from mle_pipeline.registry import Competition, get_thresholds
from mle_pipeline.timestamps import now_iso

log = logging.getLogger(__name__)

# A submission is about the size of the answers; far larger files are refused unread.
MIN_SIZE_LIMIT = 64 << 20
SIZE_FACTOR = 10
# ... and has about as many lines and columns: more than 2x the answers' (+ slack for
# quoted newlines and small answers) is refused before parsing.
SHAPE_FACTOR = 2
SHAPE_SLACK = 1000
_BLOCK = 1 << 20


def _references(answers_path: Path) -> list[Path]:
    """The answers and, in the prepared layout, the public sample submission beside them.

    A valid submission may be far larger than the answers where the sample lists more ids
    than are scored (h-and-m: every customer, 1.4 M rows, against the test week's buyers).
    """
    sample = answers_path.parent.parent / "public" / "sample_submission.csv"
    beside = answers_path.parent.name == "private" and fsutil.regular_file_problem(sample) is None
    return [answers_path, sample] if beside else [answers_path]


def size_limit(answers_path: Path) -> int:
    sizes = [p.stat().st_size for p in _references(answers_path) if p.is_file()]
    return max(MIN_SIZE_LIMIT, SIZE_FACTOR * max(sizes, default=0))


def read_table(path: Path) -> pd.DataFrame:
    """Read a submission or answers CSV into the frame MLE-bench's pandas parse gives."""
    return csv_reader.read_csv(path)


def require_answers(path: Path) -> None:
    if not path.is_file():
        raise FileNotFoundError(
            f"answers file {path} does not exist: prepare the competition first "
            "(`mle-pipeline prepare -c <id>`)"
        )


def load_answers(path: Path) -> pd.DataFrame | list[dict]:
    require_answers(path)
    if path.suffix == ".csv":
        return read_table(path)
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    raise ValueError(f"{path}: unsupported answers format {path.suffix!r}")


def submission_problem(
    path: Path, max_bytes: int = MIN_SIZE_LIMIT, answers_path: Path | None = None
) -> str | None:
    """Why a submission file is refused unread, or None.

    Refused: not a regular file (FIFO, device, folder: never opened blocking), empty,
    over ``max_bytes``, binary (NUL bytes), or, given ``answers_path``, far more lines or
    columns than the answers (one pass counting newlines, stopped as soon as it is over,
    before any parse).
    """
    problem = fsutil.regular_file_problem(path)
    if problem is not None:
        return problem
    limits = _shape_limits(answers_path) if answers_path is not None else None
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return f"{path} is {fsutil.kind_of(info.st_mode)}, not a regular file"
        if info.st_size == 0:
            return f"{path} is empty"
        if info.st_size > max_bytes:
            return (
                f"{path} is {info.st_size} bytes, over the {max_bytes}-byte limit "
                "for this competition"
            )
        with os.fdopen(os.dup(descriptor), "rb", buffering=0) as handle:
            return _content_problem(path, handle, limits)
    finally:
        os.close(descriptor)


def _shape_limits(answers_path: Path) -> tuple[int, int] | None:
    """(max lines, max header fields) a submission may have for these answers (or for the
    sample submission beside them, if larger)."""
    if fsutil.regular_file_problem(answers_path) is not None:
        return None
    limits = []
    for path in _references(answers_path):
        info = path.stat()
        limits.append(_counted_limits(path, info.st_size, info.st_mtime_ns))
    return max(lines for lines, _ in limits), max(columns for _, columns in limits)


@functools.lru_cache(maxsize=64)
def _counted_limits(answers_path: Path, size: int, mtime_ns: int) -> tuple[int, int]:
    """One pass over the answers per version of the file (size and mtime key the cache)."""
    lines, header = 0, b""
    with open(answers_path, "rb", buffering=0) as handle:
        while block := handle.read(_BLOCK):
            if not header:
                header = block.split(b"\n", 1)[0]
            lines += block.count(b"\n")
    columns = header.count(b",") + 1 if answers_path.suffix == ".csv" else 1
    return SHAPE_FACTOR * lines + SHAPE_SLACK, SHAPE_FACTOR * columns + SHAPE_SLACK


def _content_problem(path: Path, handle: BinaryIO, limits: tuple[int, int] | None) -> str | None:
    first = handle.read(_BLOCK)
    if b"\x00" in first[:8192]:
        return f"{path} is not a text CSV (it contains NUL bytes)"
    if limits is None:
        return None
    max_lines, max_columns = limits
    end = first.find(b"\n")
    header = first if end < 0 else first[:end]
    if header.count(b",") + 1 > max_columns:  # quoted commas only make this an overestimate
        return (
            f"{path} has over {max_columns} columns in its first {len(header)} bytes; "
            "the answers have far fewer"
        )
    lines, block = 0, first
    while block:
        lines += block.count(b"\n")
        if lines > max_lines:
            return (
                f"{path} has over {max_lines} lines; the answers have about "
                f"{(max_lines - SHAPE_SLACK) // SHAPE_FACTOR} rows"
            )
        block = handle.read(_BLOCK)
    return None


def read_submission(
    path: Path,
    max_bytes: int = MIN_SIZE_LIMIT,
    answers_path: Path | None = None,
    checked: bool = False,
) -> pd.DataFrame:
    """Parse a submission CSV; anything unreadable raises InvalidSubmissionError.

    ``checked``: :func:`submission_problem` already passed (it is not run again).
    """
    problem = None if checked else submission_problem(path, max_bytes, answers_path)
    if problem is not None:
        raise InvalidSubmissionError(problem)
    try:
        frame = read_table(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, csv.Error) as err:
        raise InvalidSubmissionError(f"{path} is not a readable CSV: {err}") from None
    if frame.empty:
        raise InvalidSubmissionError(f"{path} has a header but no rows")
    return frame


def score_submission(
    competition: Competition,
    submission_path: Path,
    answers: object,
    max_bytes: int = MIN_SIZE_LIMIT,
    answers_path: Path | None = None,
    checked: bool = False,
) -> tuple[float | None, str | None]:
    """(score rounded to 5 decimals, None) or (None, reason it is invalid).

    ``answers``: the answers, or a function loading them once the submission is read (see
    ``grade_submission``). ``answers_path`` lets the file be refused unparsed when far larger
    than the answers.
    """
    try:
        submission = read_submission(submission_path, max_bytes, answers_path, checked)
    except InvalidSubmissionError as err:
        return None, str(err)
    if callable(answers):
        answers = answers()  # outside the try: a broken answers file is no grader error
    try:
        raw_score = competition.grade_fn(submission, answers)
    except InvalidSubmissionError as err:
        return None, str(err)
    except Exception as err:  # noqa: BLE001 - a grader error must never fail a whole run
        # MLE-bench also scores any grader exception as an invalid submission.
        log.warning("grader for %s raised on %s: %r", competition.id, submission_path, err)
        return None, f"grader error: {type(err).__name__}: {err}"
    if raw_score is None or not math.isfinite(float(raw_score)):
        return None, f"grader produced no finite score ({raw_score}); predictions out of range?"
    return round(float(raw_score), 5), None


def grade_submission(
    competition: Competition,
    submission_path: Path,
    answers_path: Path,
    *,
    thresholds: Thresholds | None = None,
    data_source: str | None = None,
    sample_data: bool = False,
    agent: str | None = None,
    seed: int | None = None,
    extra: dict | None = None,
    refused_reason: str | None = None,
    preparation_variant: str | None = None,
) -> GradingReport:
    """Grade a submission file into a report; invalid submissions give a report, not an error.

    With ``refused_reason`` the file is not read at all (see ``grading.paths``).
    """
    competition.require_implemented()
    thresholds = thresholds or get_thresholds(competition.id)
    kind_problem = fsutil.regular_file_problem(submission_path)
    submission_exists = kind_problem is None and submission_path.suffix.lower() == ".csv"
    score, reason = None, None
    if refused_reason is not None:
        reason = f"refused: {refused_reason}"
    elif submission_exists:
        limit = size_limit(answers_path)
        reason = submission_problem(submission_path, limit, answers_path)
        if reason is None:
            # The larger of the two files is parsed first: the memory its parse frees is then
            # reused by the other's (peak: jigsaw 65 MiB instead of 73, taxi 5.1 instead of 6).
            require_answers(answers_path)  # a missing answers file is no invalid submission
            load = functools.partial(load_answers, answers_path)
            if answers_path.stat().st_size > submission_path.stat().st_size:
                load = load()
            score, reason = score_submission(
                competition, submission_path, load, limit, checked=True
            )
    elif kind_problem is None:
        reason = f"{submission_path} is not a .csv file"
    elif os.path.lexists(submission_path):
        reason = kind_problem  # a FIFO, a device, a folder, a broken link: said as such
    else:
        reason = f"no submission at {submission_path}"
    ranking = rank_score(score, thresholds)
    return GradingReport(
        competition_id=competition.id,
        score=score,
        gold_threshold=thresholds.gold,
        silver_threshold=thresholds.silver,
        bronze_threshold=thresholds.bronze,
        median_threshold=thresholds.median,
        any_medal=ranking.any_medal,
        gold_medal=ranking.gold_medal,
        silver_medal=ranking.silver_medal,
        bronze_medal=ranking.bronze_medal,
        above_median=ranking.above_median,
        submission_exists=submission_exists,
        valid_submission=score is not None,
        is_lower_better=thresholds.is_lower_better,
        created_at=now_iso(),
        submission_path=str(submission_path),
        invalid_reason=reason,
        metric=competition.metric,
        data_source=data_source,
        sample_data=sample_data,
        agent=agent,
        seed=seed,
        preparation_variant=preparation_variant,
        extra=dict(extra or {}),
    )
