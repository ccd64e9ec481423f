"""``mle-pipeline fidelity``: our prepare and grader beside MLE-bench's, on the sample data.

For one competition: generate the offline sample download, extract it, prepare it with our
``prepare`` and with MLE-bench's (each on its own copy of the raw folder), compare the two
prepared trees file by file, then score the fixed submissions (``fidelity.submissions``)
with our grader and with MLE-bench's, both against our prepared answers (so a grading
difference is never a preparation difference in disguise). MLE-bench's side runs in a
subprocess with the user's Python and checkout (``mlebench_side.py``); nothing of the
checkout is copied here.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mle_pipeline.fidelity.compare import FileComparison, compare_trees
from mle_pipeline.fidelity.expected import ExpectedScores
from mle_pipeline.fidelity.submissions import write_submissions
from mle_pipeline.grading.grade import load_answers, score_submission, size_limit
from mle_pipeline.registry import Competition
from mle_pipeline.sources.archive import extract
from mle_pipeline.sources.sample import SampleSource

SIDE_SCRIPT = Path(__file__).with_name("mlebench_side.py")
SAMPLE_SEED = 0
SUBPROCESS_TIMEOUT = 1800
MAX_LISTED = 20  # differing files listed by name


class MlebenchError(RuntimeError):
    """MLE-bench's side could not run at all (no checkout, wrong Python, crash)."""


@dataclass(frozen=True)
class ScoreComparison:
    """One submission's score from each grader (None: invalid, with the reason)."""

    name: str
    ours: float | None
    ours_reason: str | None
    theirs: float | None
    theirs_message: str | None

    @property
    def equal(self) -> bool:
        return same_score(self.ours, self.theirs)


def same_score(a: float | None, b: float | None) -> bool:
    """Equal to 5 decimals, or both invalid (None); NaN equals NaN."""
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return round(a, 5) == round(b, 5)


@dataclass
class FidelityResult:
    competition_id: str
    files: list[FileComparison] = field(default_factory=list)
    mlebench_prepare_error: str | None = None
    scores: list[ScoreComparison] = field(default_factory=list)
    mlebench_module: str | None = None

    @property
    def files_identical(self) -> bool:
        return self.mlebench_prepare_error is None and all(f.equivalent for f in self.files)

    @property
    def ok(self) -> bool:
        return self.files_identical and all(s.equal for s in self.scores)


def _sample_raw(competition: Competition, work: Path) -> Path:
    """The offline sample download, extracted as the pipeline extracts it."""
    zip_path = work / f"{competition.id}.zip"
    SampleSource(seed=SAMPLE_SEED).fetch(competition, zip_path)
    raw = work / "sample-raw"
    extract(zip_path, raw)
    return raw


def _prepare_tree(data_dir: Path, competition_id: str, raw: Path) -> tuple[Path, Path, Path]:
    """A fresh MLE-bench-layout folder ``<data>/<id>/{raw,prepared/public,prepared/private}``."""
    root = data_dir / competition_id
    shutil.copytree(raw, root / "raw")
    public, private = root / "prepared" / "public", root / "prepared" / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    return root / "raw", public, private


def run_mlebench(
    python: str, checkout: Path, request: dict, work: Path, timeout: float = SUBPROCESS_TIMEOUT
) -> dict:
    """Run ``mlebench_side.py`` with the user's Python and checkout; returns its reply."""
    request = {**request, "output": str(work / "mlebench-reply.json")}
    request_path = work / "mlebench-request.json"
    request_path.write_text(json.dumps(request))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [python, str(SIDE_SCRIPT), str(request_path)],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise MlebenchError(f"could not run MLE-bench's side with {python}: {err}") from None
    reply_path = Path(request["output"])
    if done.returncode != 0 or not reply_path.is_file():
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise MlebenchError(
            f"MLE-bench's side failed ({python}, checkout {checkout}, exit {done.returncode}):\n"
            f"{tail}"
        )
    return json.loads(reply_path.read_text())


def check_competition(
    competition: Competition, checkout: Path, python: str = sys.executable
) -> FidelityResult:
    """Prepare and grade one competition's sample data both ways and compare."""
    competition.require_implemented()
    with tempfile.TemporaryDirectory(prefix=f"fidelity-{competition.id}-") as scratch:
        work = Path(scratch)
        raw = _sample_raw(competition, work)
        ours_raw, ours_public, ours_private = _prepare_tree(work / "ours", competition.id, raw)
        competition.prepare_fn(raw=ours_raw, public=ours_public, private=ours_private)
        theirs_raw, theirs_public, theirs_private = _prepare_tree(
            work / "mlebench", competition.id, raw
        )
        prepared = ours_public.parent
        submissions = write_submissions(competition, prepared, work / "submissions")
        reply = run_mlebench(
            python,
            checkout,
            {
                "competition": competition.id,
                "prepare": {
                    "raw": str(theirs_raw),
                    "public": str(theirs_public),
                    "private": str(theirs_private),
                },
                "data_dir": str(work / "ours"),
                "submissions": {name: str(path) for name, path in submissions.items()},
            },
            work,
        )
        result = FidelityResult(competition.id, mlebench_module=reply.get("mlebench"))
        result.files = compare_trees(prepared, theirs_public.parent)
        prepare = reply.get("prepare") or {}
        result.mlebench_prepare_error = prepare.get("error")
        if reply.get("answers_error"):
            raise MlebenchError(
                f"MLE-bench could not read the answers for {competition.id}: "
                f"{reply['answers_error']}"
            )
        answers_path = prepared / competition.answers
        answers = load_answers(answers_path)
        limit = size_limit(answers_path)
        for name, path in submissions.items():
            ours, reason = score_submission(competition, path, answers, limit)
            theirs = reply["scores"].get(name, {})
            result.scores.append(
                ScoreComparison(name, ours, reason, theirs.get("score"), theirs.get("message"))
            )
        return result


def _fmt(score: float | None) -> str:
    return "invalid" if score is None else f"{score:.5f}"


def format_result(result: FidelityResult, expected: ExpectedScores | None = None) -> str:
    """The table the command prints for one competition."""
    lines = [f"== {result.competition_id}"]
    if result.mlebench_prepare_error:
        lines.append(f"  MLE-bench's prepare failed: {result.mlebench_prepare_error}")
    differing = [f for f in result.files if not f.equivalent]
    same_contents = [f for f in result.files if f.same_contents]
    identical = len(result.files) - len(differing) - len(same_contents)
    lines.append(
        f"  prepared files: {identical} identical, {len(same_contents)} same contents "
        f"(archive or parquet metadata only), {len(differing)} differ"
    )
    for f in differing[:MAX_LISTED]:
        lines.append(f"    {f.path}: {f.hint}")
    if len(differing) > MAX_LISTED:
        lines.append(f"    ... and {len(differing) - MAX_LISTED} more")
    lines.append(f"  {'submission':20s} {'ours':>12s} {'MLE-bench':>12s}  equal")
    for s in result.scores:
        mark = "yes" if s.equal else "NO"
        if not s.equal and expected is not None and s.name in expected.differs:
            mark = "NO (documented in expected_scores.yaml)"
        lines.append(f"  {s.name:20s} {_fmt(s.ours):>12s} {_fmt(s.theirs):>12s}  {mark}")
        if not s.equal:
            if s.ours_reason:
                lines.append(f"      ours invalid: {s.ours_reason}")
            if s.theirs_message:
                lines.append(f"      MLE-bench: {s.theirs_message}")
    verdict = "same as MLE-bench" if result.ok else "DIFFERS from MLE-bench"
    lines.append(f"  => {verdict}")
    return "\n".join(lines)
