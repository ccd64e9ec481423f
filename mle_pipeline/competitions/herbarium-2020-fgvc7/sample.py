"""Synthetic herbarium-2020-fgvc7 download: nybg2020/train and nybg2020/test (metadata.json,
images/) and sample_submission.csv; the train metadata holds a raw latin-1 byte, so it is not
valid UTF-8 (as Kaggle's is not). See ``mle_pipeline.sources.herbarium``."""

from pathlib import Path

from mle_pipeline.sources.herbarium import generate_coco


def generate(
    out_dir: Path, seed: int = 0, n_categories: int = 12, per_category: int = 6, n_test: int = 8
) -> None:
    generate_coco(
        out_dir,
        seed,
        "herbarium-2020-fgvc7",
        root="nybg2020",
        region_key="regions",
        n_categories=n_categories,
        per_category=per_category,
        n_test=n_test,
    )
