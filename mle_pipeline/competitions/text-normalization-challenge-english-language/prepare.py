"""text-normalization (English): see ``competitions/text_normalization.py``."""

from pathlib import Path

from mle_pipeline.competitions.text_normalization import prepare_language


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_language(raw, public, private, prefix="en")
