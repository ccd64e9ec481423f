"""Named competition splits, stored as one id per line in ``registry/splits/<name>.txt``."""

from __future__ import annotations

from pathlib import Path

SPLITS_DIR = Path(__file__).resolve().parent / "splits"
SPLIT_ALIASES = {"lite": "low", "split75": "all"}  # split75: MLE-bench's file name for all
# Not a benchmark split: every competition whose prepare/grade exist (the offline default).
IMPLEMENTED_SPLIT = "implemented"


class UnknownSplitError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def split_names() -> list[str]:
    return sorted(p.stem for p in SPLITS_DIR.glob("*.txt"))


def canonical_split(name: str) -> str:
    return SPLIT_ALIASES.get(name, name)


def load_split(name: str) -> list[str]:
    """Competition ids of a split (``lite`` is ``low``; ``split75`` is ``all``)."""
    path = SPLITS_DIR / f"{canonical_split(name)}.txt"
    if not path.is_file():
        known = ", ".join(["lite", *split_names(), IMPLEMENTED_SPLIT])
        raise UnknownSplitError(f"unknown split {name!r}; known splits: {known}")
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]
