"""herbarium-2020-fgvc7: the 2021 scheme on nybg2020/train/metadata.json, read as latin-1.

Kaggle's metadata is not valid UTF-8; MLE-bench reads it as latin-1 and writes JSON with
ASCII escapes, so non-ASCII names come out as latin-1 readings of their bytes. We do the
same, so the prepared files match MLE-bench's.
"""

from pathlib import Path

from mle_pipeline.prepare.herbarium import prepare_coco


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_coco(raw, public, private, encoding="latin-1", region_key="regions", root="nybg2020")
