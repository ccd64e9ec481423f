"""Every implemented competition's grader against MLE-bench's recorded scores.

``mle_pipeline/competitions/<id>/expected_scores.yaml`` holds MLE-bench's own grader's
scores of the fixed fidelity submissions on the sample data (recorded with
``mle-pipeline fidelity --record``); our grader must give the same to 5 decimals, or the
figure under ``differs`` where it differs on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mle_pipeline.fidelity.expected import expected_path, load_expected
from mle_pipeline.fidelity.run import SAMPLE_SEED, same_score
from mle_pipeline.fidelity.submissions import write_submissions
from mle_pipeline.grading.grade import load_answers, score_submission
from mle_pipeline.registry import all_competitions, get_competition
from mle_pipeline.sources.sample import SampleSource

IMPLEMENTED = sorted(cid for cid, c in all_competitions().items() if c.implemented)


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_grader_gives_mlebench_recorded_scores(cid: str, prepared_root, tmp_path: Path) -> None:
    competition = get_competition(cid)
    path = expected_path(competition)
    assert path.is_file(), (
        f"{path} is missing: record it with `mle-pipeline fidelity --mlebench <checkout> "
        f"-c {cid} --record`"
    )
    expected = load_expected(path)
    assert expected.sample_seed == SAMPLE_SEED == SampleSource().seed
    prepared = prepared_root(cid).prepared_dir(cid)
    submissions = write_submissions(competition, prepared, tmp_path)
    assert sorted(submissions) == sorted(expected.scores)
    answers = load_answers(prepared / competition.answers)
    got = {name: score_submission(competition, p, answers)[0] for name, p in submissions.items()}
    want = {name: expected.ours(name) for name in submissions}
    mismatched = {n: (got[n], want[n]) for n in got if not same_score(got[n], want[n])}
    assert not mismatched, f"(ours, expected) per submission: {mismatched}"


@pytest.mark.parametrize("cid", IMPLEMENTED)
def test_recorded_scores_tell_a_perfect_submission_from_the_sample(cid: str) -> None:
    """Else a grader returning a constant would pass the test above."""
    expected = load_expected(expected_path(get_competition(cid)))
    assert expected.ours("perfect") is not None
    assert not same_score(expected.ours("perfect"), expected.ours("sample_submission"))
