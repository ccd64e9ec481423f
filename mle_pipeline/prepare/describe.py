"""The ``description.md`` placed in every prepared public folder (our own words, not Kaggle's)."""

from __future__ import annotations

from pathlib import Path

from mle_pipeline.registry import Competition
from mle_pipeline.sources.sample import SAMPLE_NOTICE


def write_description(competition: Competition, path: Path, *, sample_data: bool) -> None:
    files = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
    direction = "lower is better" if competition.lower_is_better else "higher is better"
    lines = [f"# {competition.name}", ""]
    if sample_data:
        lines += [f"> **{SAMPLE_NOTICE}.** Scores on it say nothing about Kaggle results.", ""]
    lines += [
        competition.summary,
        "",
        f"- Competition id: `{competition.id}`",
        f"- Metric: {competition.metric} ({direction})",
        f"- Submit a CSV in the format of `{Path(competition.sample_submission).name}`.",
        f"- Files here: {', '.join(files)}",
        "",
        "The original competition page on Kaggle has the full task description: "
        f"https://www.kaggle.com/competitions/{competition.id}",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
