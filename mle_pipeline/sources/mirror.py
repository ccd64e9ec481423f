"""A local or mounted folder of Kaggle downloads (``<id>.zip``), shared across machines."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from mle_pipeline.atomic import atomic_path
from mle_pipeline.registry import Competition
from mle_pipeline.sources.archive import check_zip
from mle_pipeline.sources.base import SourceError


@dataclass(frozen=True)
class MirrorSource:
    """Copies ``<folder>/<id>.zip`` (or ``<folder>/<id>/<id>.zip``) after checking it is whole."""

    folder: Path
    name: str = "mirror"

    @property
    def is_sample(self) -> bool:
        return False

    def locate(self, competition_id: str) -> Path:
        for candidate in (
            self.folder / f"{competition_id}.zip",
            self.folder / competition_id / f"{competition_id}.zip",
        ):
            if candidate.is_file():
                return candidate
        raise SourceError(
            f"mirror {self.folder} has no {competition_id}.zip "
            f"(looked for {competition_id}.zip and {competition_id}/{competition_id}.zip); "
            "download it once with `--source kaggle` and copy it there"
        )

    def fetch(self, competition: Competition, dest_zip: Path) -> None:
        found = self.locate(competition.id)
        check_zip(found)
        with atomic_path(dest_zip) as tmp:
            shutil.copyfile(found, tmp)
