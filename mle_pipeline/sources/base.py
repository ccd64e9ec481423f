"""The interface every raw-data source implements."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from mle_pipeline.registry import Competition


class SourceError(RuntimeError):
    """A download could not be obtained; the message says what to do about it."""


class RawSource(Protocol):
    """Produces a competition's Kaggle download zip (``<id>.zip``) at a given path."""

    name: str

    def fetch(self, competition: Competition, dest_zip: Path) -> None:
        """Write the competition's download zip to ``dest_zip``, atomically.

        On failure nothing is left at ``dest_zip``; a partial download is never
        visible under the final name.
        """
        ...

    @property
    def is_sample(self) -> bool:
        """True when the data is synthetic (offline sample data), not Kaggle's."""
        ...
