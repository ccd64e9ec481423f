"""Synthetic mlsp-2013-birds download: mlsp_contest_dataset.zip and the documentation PDF.

The zip holds ``mlsp_contest_dataset/`` with ``essential_data`` (folds, file names, labels,
species list, the old-format sample submission, 16 kHz WAVs) and ``supplemental_data``
(spectrogram BMPs in four folders, two overview BMPs, and the segment/histogram text files).
Each species present in a recording adds a tone at its own frequency to the WAV, a bright band
to the spectrograms, and a segment whose features and histogram cluster reveal the species.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import rng, write_csv, write_image, write_wav, zip_tree

SPECIES = [
    ("BRCR", "Brown Creeper"),
    ("PAWR", "Pacific Wren"),
    ("PSFL", "Pacific-slope Flycatcher"),
    ("RBNU", "Red-breasted Nuthatch"),
    ("DEJU", "Dark-eyed Junco"),
    ("OSFL", "Olive-sided Flycatcher"),
    ("HETH", "Hermit Thrush"),
    ("CBCH", "Chestnut-backed Chickadee"),
    ("VATH", "Varied Thrush"),
    ("HEWA", "Hermit Warbler"),
    ("SWTH", "Swainson's Thrush"),
    ("HAFL", "Hammond's Flycatcher"),
    ("WETA", "Western Tanager"),
    ("BHGB", "Black-headed Grosbeak"),
    ("GCKI", "Golden Crowned Kinglet"),
    ("WAVI", "Warbling Vireo"),
    ("MGWA", "MacGillivray's Warbler"),
    ("STJA", "Stellar's Jay"),
    ("CONI", "Common Nighthawk"),
]
SAMPLE_RATE = 16_000
FRAME = 32  # samples per spectrogram column
N_CLUSTERS = 100
N_SEGMENT_FEATURES = 38


def _frequency(species: int) -> float:
    return 800.0 + 350.0 * species


def _filenames(gen: np.random.Generator, n: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        day = f"{gen.choice([2009, 2010])}{gen.integers(5, 9):02d}{gen.integers(1, 29):02d}"
        time = f"{gen.choice([5, 7]) * 10000 + gen.integers(0, 60):06d}"
        name = f"PC{gen.integers(1, 19)}_{day}_{time}_{gen.integers(1, 100) * 10:04d}"
        if name not in names:
            names.append(name)
    return names


def _audio(gen: np.random.Generator, species: list[int], n_samples: int) -> np.ndarray:
    t = np.arange(n_samples) / SAMPLE_RATE
    signal = gen.normal(0, 0.08, n_samples)
    for s in species:
        signal += gen.uniform(0.2, 0.35) * np.sin(2 * np.pi * _frequency(s) * t + gen.uniform(0, 6))
    return signal


def _spectrogram(signal: np.ndarray) -> np.ndarray:
    """Square-rooted, max-normalised magnitudes as grey pixels; low frequencies at the bottom."""
    frames = signal[: len(signal) // FRAME * FRAME].reshape(-1, FRAME) * np.hamming(FRAME)
    magnitude = np.abs(np.fft.rfft(frames, axis=1)).T[::-1]
    return np.sqrt(magnitude / magnitude.max()) * 255


def _rgb(grey: np.ndarray) -> np.ndarray:
    return np.repeat(np.clip(grey, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)


def _segments(gen: np.random.Generator, species: list[int], height: int, width: int) -> list:
    """(cluster, 38 features, rectangle) per segment: one per species, maybe one noise blob."""
    out = []
    for s in species + ([-1] if gen.random() < 0.3 else []):
        cluster = 5 * s + int(gen.integers(0, 5)) if s >= 0 else int(gen.integers(95, 100))
        features = gen.normal(0, 0.1, N_SEGMENT_FEATURES)
        features[0] = (s + 1) / 20 + gen.normal(0, 0.01)
        row = height - 1 - int(round(_frequency(max(s, 0)) / (SAMPLE_RATE / FRAME)))
        x0 = int(gen.integers(0, width - 3))
        out.append((cluster, features, (x0, x0 + 2, max(row - 1, 0), min(row + 1, height - 1))))
    return out


def _minimal_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return body + f"startxref\n{xref}\n%%EOF\n".encode()


def generate(
    out_dir: Path, seed: int = 0, n_recordings: int = 60, n_train: int = 35, n_samples: int = 480
) -> None:
    gen = rng(seed, "mlsp-2013-birds")
    root = out_dir / "mlsp_contest_dataset"
    essential, supplemental = root / "essential_data", root / "supplemental_data"
    names = _filenames(gen, n_recordings)
    folds = np.ones(n_recordings, dtype=int)
    folds[gen.choice(n_recordings, n_train, replace=False)] = 0
    prevalence = gen.uniform(0.04, 0.2, len(SPECIES))
    labels = [
        sorted(np.flatnonzero(gen.random(len(SPECIES)) < prevalence).tolist())
        for _ in range(n_recordings)
    ]

    write_csv(
        pd.DataFrame({"rec_id": range(n_recordings), "fold": folds}), essential / "CVfolds_2.txt"
    )
    write_csv(
        pd.DataFrame({"rec_id": range(n_recordings), "filename": names}),
        essential / "rec_id2filename.txt",
    )
    write_csv(
        pd.DataFrame(
            {
                "class_id": range(len(SPECIES)),
                "code": [c for c, _ in SPECIES],
                "species": [s for _, s in SPECIES],
            }
        ),
        essential / "species_list.txt",
    )
    label_lines = ["rec_id,[labels]"]
    for rec_id, (fold, species) in enumerate(zip(folds, labels, strict=True)):
        tail = "?" if fold else ",".join(map(str, species))
        label_lines.append(f"{rec_id},{tail}" if tail else str(rec_id))
    (essential / "rec_labels_test_hidden.txt").write_text("\n".join(label_lines) + "\n")
    test_ids = np.flatnonzero(folds == 1)
    write_csv(
        pd.DataFrame(
            {
                "rec_id": np.repeat(test_ids, len(SPECIES)),
                "species": np.tile(np.arange(len(SPECIES)), len(test_ids)),
                "probability": 0,
            }
        ),
        essential / "sample_submission.csv",
    )

    histograms, features, rectangles = [], [], []
    examples = set(gen.choice(np.flatnonzero(folds == 0), 5, replace=False).tolist())
    for rec_id, (name, species) in enumerate(zip(names, labels, strict=True)):
        audio = _audio(gen, species, n_samples)
        write_wav(audio, essential / "src_wavs" / f"{name}.wav", SAMPLE_RATE)
        spec = _spectrogram(audio)
        filtered = np.clip(spec - np.median(spec, axis=1, keepdims=True), 0, 255) * 1.5
        write_image(spec, supplemental / "spectrograms" / f"{name}.bmp")
        write_image(filtered, supplemental / "filtered_spectrograms" / f"{name}.bmp")
        outlined = _rgb(filtered)
        counts = np.zeros(N_CLUSTERS)
        for segment_id, (cluster, vector, (x0, x1, y0, y1)) in enumerate(
            _segments(gen, species, *spec.shape)
        ):
            counts[cluster] += 1
            features.append(f"{rec_id},{segment_id}," + ",".join(f"{v:.6f}" for v in vector))
            rectangles.append(f"{rec_id},{segment_id},{x0},{x1},{y0},{y1},")
            outlined[[y0, y1], x0 : x1 + 1] = (255, 255, 0)
        total = counts.sum() or 1.0
        histograms.append(f"{rec_id}," + ",".join(f"{v:.6f}" for v in counts / total))
        write_image(outlined, supplemental / "supervised_segmentation" / f"{name}.bmp")
        if rec_id in examples:
            marked = _rgb(spec)
            marked[spec > 160] = (255, 0, 0)
            marked[:2] = (0, 0, 255)
            write_image(marked, supplemental / "segmentation_examples" / f"{name}.bmp")

    write_image(gen.integers(0, 256, (20, 40, 3)), supplemental / "segment_clusters.bmp")
    write_image(gen.integers(0, 256, (24, 48, 3)), supplemental / "segment_mosaic.bmp")
    for file_name, header, lines in [
        ("histogram_of_segments.txt", "rec_id,[histogram of segment features]", histograms),
        ("segment_features.txt", "rec_id,segment_id,[feature vector]", features),
        ("segment_rectangles.txt", "rec_id,segment_id,min_x,max_x,min_y,max_y,", rectangles),
    ]:
        (supplemental / file_name).write_text("\n".join([header, *lines]) + "\n")
    (root / "README.txt").write_text(
        "Synthetic stand-in for the MLSP 2013 bird classification challenge data.\n"
        "essential_data: CVfolds_2.txt (0 = train, 1 = test), rec_id2filename.txt,\n"
        "rec_labels_test_hidden.txt, species_list.txt, src_wavs/.\n"
    )
    zip_tree(root, out_dir / "mlsp_contest_dataset.zip")
    (out_dir / "mlsp13birdchallenge_documentation.pdf").write_bytes(_minimal_pdf())
