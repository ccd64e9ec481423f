"""Synthetic alaska2-image-steganalysis download: Cover/, JMiPOD/, JUNIWARD/, UERD/ (the
same numbered pictures, with a hidden message in the three algorithm folders), Test/ and
sample_submission.csv, as Kaggle ships them.

A hidden message here is a faint checkerboard added to the picture, so a high-frequency
filter tells stego images from covers.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

SIZE = 16
ALGORITHMS = ["JMiPOD", "JUNIWARD", "UERD"]


def generate(out_dir: Path, seed: int = 0, n_covers: int = 60, n_test: int = 10) -> None:
    gen = rng(seed, "alaska2-image-steganalysis")
    yy, xx = np.mgrid[:SIZE, :SIZE]
    checker = np.where((yy + xx) % 2 == 0, 1.0, -1.0)[..., None]
    for number in range(1, n_covers + 1):
        picture = gen.uniform(40, 210, 3) + gen.normal(0, 10, (SIZE, SIZE, 3))
        name = f"{number:05d}.jpg"
        write_image(picture, out_dir / "Cover" / name)
        for k, algorithm in enumerate(ALGORITHMS):
            write_image(picture + (6 + 2 * k) * checker, out_dir / algorithm / name)
    for number in range(1, n_test + 1):
        picture = gen.uniform(40, 210, 3) + gen.normal(0, 10, (SIZE, SIZE, 3))
        if gen.random() < 0.5:
            picture = picture + 6 * checker
        write_image(picture, out_dir / "Test" / f"{number:04d}.jpg")
    ids = [f"{number:04d}.jpg" for number in range(1, n_test + 1)]
    write_csv(pd.DataFrame({"Id": ids, "Label": 0.5}), out_dir / "sample_submission.csv")
