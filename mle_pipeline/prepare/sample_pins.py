"""Pin the offline sample data's prepared checksums: ``checksums.sample.yaml`` per competition.

A developer's tool, run when a sample generator or a preparation changes on purpose::

    python -m mle_pipeline.prepare.sample_pins [COMPETITION_ID ...]

It prepares each implemented competition's sample data in a scratch folder, without
comparing to the old pins, and writes the md5s of its prepared files into the
competition's folder in this checkout. Users never need it: ``prepared`` compares with
the pins on every run, so an unintended change in preparation fails its check.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.checksums import reference_name, write_checksums
from mle_pipeline.prepare.run import ensure_prepared, ensure_raw
from mle_pipeline.registry import Competition, all_competitions, get_competition
from mle_pipeline.sources.sample import SampleSource

HEADER = (
    "# Offline sample data (synthetic, not Kaggle's): md5s of the prepared files, pinned by\n"
    "# `python -m mle_pipeline.prepare.sample_pins` so that a change in preparation is caught.\n"
)


def sample_checksums(competition: Competition, scratch: Path) -> dict:
    """The public/private md5s of the competition's prepared sample data (no zip md5)."""
    layout = DataLayout(scratch)
    raw = ensure_raw(competition, layout, SampleSource())
    prepared = ensure_prepared(competition, layout, raw, check_reference=False)
    return {side: (prepared.checksums or {})[side] for side in ("public", "private")}


def pin(competition: Competition) -> Path:
    target = competition.folder / reference_name(sample_data=True)
    with tempfile.TemporaryDirectory(prefix=f"pin-{competition.id}-") as scratch:
        write_checksums(target, sample_checksums(competition, Path(scratch)), HEADER)
    return target


def main(argv: list[str]) -> int:
    chosen = (
        [get_competition(cid) for cid in argv]
        if argv
        else [c for c in all_competitions().values() if c.implemented]
    )
    for competition in chosen:
        print(f"{competition.id}: wrote {pin(competition)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
