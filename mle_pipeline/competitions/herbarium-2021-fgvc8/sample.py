"""Synthetic herbarium-2021-fgvc8 download: train/ and test/ (metadata.json, images/) and
sample_submission.csv, as Kaggle ships them; see ``mle_pipeline.sources.herbarium``."""

from pathlib import Path

from mle_pipeline.sources.herbarium import generate_coco


def generate(
    out_dir: Path, seed: int = 0, n_categories: int = 12, per_category: int = 6, n_test: int = 8
) -> None:
    generate_coco(
        out_dir,
        seed,
        "herbarium-2021-fgvc8",
        root="",
        region_key="institutions",
        n_categories=n_categories,
        per_category=per_category,
        n_test=n_test,
    )
