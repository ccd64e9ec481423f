"""herbarium-2021-fgvc8: per-species 80/20 split of train/metadata.json.

A species with one image stays in train; 2-4 images give their last max(1, int(0.2 n)) to
test; larger species use train_test_split(test_size=0.2, random_state=0). See
``mle_pipeline.prepare.herbarium.prepare_coco`` for the layout.
"""

from pathlib import Path

from mle_pipeline.prepare.herbarium import prepare_coco


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_coco(raw, public, private, encoding="utf-8", region_key="institutions")
