"""The ``mle-pipeline fidelity`` command: check competitions, print tables, record scores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mle_pipeline.fidelity.expected import (
    ExpectedScores,
    expected_path,
    load_expected,
    save_expected,
)
from mle_pipeline.fidelity.run import (
    SAMPLE_SEED,
    FidelityResult,
    MlebenchError,
    check_competition,
    format_result,
)
from mle_pipeline.registry import Competition, get_competition


def checkout_commit(checkout: Path) -> str | None:
    """The checkout's git commit (short), or None when it is not a git work tree."""
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def record(competition: Competition, result: FidelityResult, commit: str) -> list[str]:
    """Write the competition's expected_scores.yaml; returns differences left unexplained."""
    path = expected_path(competition)
    previous = load_expected(path, strict=False).differs if path.is_file() else {}
    differs, unexplained = {}, []
    for s in result.scores:
        if s.equal:
            continue
        why = (previous.get(s.name) or {}).get("why") or ""
        differs[s.name] = {"ours": s.ours, "why": why}
        if not why:
            unexplained.append(s.name)
    how = (
        f"mle-pipeline fidelity --mlebench <MLE-bench checkout> --mlebench-python <its python> "
        f"-c {competition.id} --record: MLE-bench's own grader at commit {commit}, run on "
        f"this project's offline sample data (seed {SAMPLE_SEED}) as prepared by this project"
    )
    save_expected(
        path,
        ExpectedScores(
            how=how,
            mlebench_commit=commit,
            sample_seed=SAMPLE_SEED,
            scores={s.name: s.theirs for s in result.scores},
            differs=differs,
        ),
    )
    return unexplained


def run(
    competition_ids: list[str],
    checkout: Path,
    python: str | None,
    *,
    do_record: bool = False,
    commit: str | None = None,
) -> int:
    """Check each competition; 0 when every file and score agrees, else 1."""
    if not (checkout / "mlebench").is_dir():
        raise FileNotFoundError(f"{checkout} is not an MLE-bench checkout (no mlebench/ folder)")
    commit = commit or checkout_commit(checkout)
    if do_record and not commit:
        raise ValueError(
            f"{checkout} is not a git work tree: name its commit with --mlebench-commit"
        )
    differing: list[str] = []
    for cid in competition_ids:
        competition = get_competition(cid)
        try:
            result = check_competition(competition, checkout, python or sys.executable)
        except MlebenchError as err:
            print(f"== {cid}\n  {err}", flush=True)
            differing.append(cid)
            continue
        path = expected_path(competition)
        expected = load_expected(path) if path.is_file() and not do_record else None
        print(format_result(result, expected), flush=True)
        if do_record:
            unexplained = record(competition, result, commit)
            print(f"  recorded {path}")
            for name in unexplained:
                print(f"  {name}: differs from MLE-bench; explain why under differs.{name}.why")
        if not result.ok:
            differing.append(cid)
    if len(competition_ids) > 1:
        same = len(competition_ids) - len(differing)
        print(f"{same} of {len(competition_ids)} competition(s) same as MLE-bench", end="")
        print(f"; differing: {', '.join(differing)}" if differing else "")
    return 1 if differing else 0
