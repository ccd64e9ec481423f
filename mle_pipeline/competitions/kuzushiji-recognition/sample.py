"""Synthetic kuzushiji-recognition download: train.csv (``image_id``, ``labels`` as
``U+XXXX x y w h`` groups), unicode_translation.csv (``Unicode``, ``char``),
sample_submission.csv, and grey JPEG pages zipped flat in ``train_images.zip`` and
``test_images.zip`` (``<image_id>.jpg``).

Each character is a dark box whose shade and inner stripe depend on its class, on a pale
page; boxes do not overlap.
"""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image

CHARS = ["U+306F", "U+306B", "U+306E", "U+3068", "U+3057", "U+304B", "U+308A", "U+3066"]
PAGE = 64
CELL = 16


def _page(gen: np.random.Generator, n_chars: int) -> tuple[np.ndarray, str]:
    pixels = 225 + gen.normal(0, 8, (PAGE, PAGE))
    cells = gen.choice((PAGE // CELL) ** 2, n_chars, replace=False)
    groups = []
    for cell in cells:
        code = int(gen.integers(len(CHARS)))
        w, h = (int(v) for v in gen.integers(8, 14, 2))
        x = CELL * (cell % 4) + int(gen.integers(0, CELL - w + 1))
        y = CELL * (cell // 4) + int(gen.integers(0, CELL - h + 1))
        pixels[y : y + h, x : x + w] = 20 + 20 * code
        pixels[y + h // 2, x : x + w] = 250 - 25 * code
        groups.append(f"{CHARS[code]} {x} {y} {w} {h}")
    return pixels, " ".join(groups)


def _zip_pages(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.iterdir()):
            out.write(path, path.name)
            path.unlink()
    folder.rmdir()


def generate(out_dir: Path, seed: int = 0, n_train: int = 200, n_test: int = 4) -> None:
    gen = rng(seed, "kuzushiji-recognition")
    books = ["100241706", "100249371", "200003076", "umgy007", "hnsd005"]
    ids = [
        f"{gen.choice(books)}_{n:05d}_{int(gen.integers(1, 3))}" for n in range(n_train + n_test)
    ]
    labels = []
    for index, image_id in enumerate(ids):
        pixels, groups = _page(gen, int(gen.integers(2, 7)))
        folder = "train_images" if index < n_train else "test_images"
        write_image(pixels, out_dir / folder / f"{image_id}.jpg")
        labels.append(groups)
    train = pd.DataFrame({"image_id": ids[:n_train], "labels": labels[:n_train]})
    write_csv(train, out_dir / "train.csv")
    sample = pd.DataFrame({"image_id": ids[n_train:], "labels": "U+003F 1 1 U+FF2F 2 2"})
    write_csv(sample, out_dir / "sample_submission.csv")
    chars = [chr(int(code[2:], 16)) for code in CHARS]
    write_csv(pd.DataFrame({"Unicode": CHARS, "char": chars}), out_dir / "unicode_translation.csv")
    _zip_pages(out_dir / "train_images", out_dir / "train_images.zip")
    _zip_pages(out_dir / "test_images", out_dir / "test_images.zip")
