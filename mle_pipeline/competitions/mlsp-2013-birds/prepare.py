"""mlsp-2013-birds: Kaggle's training recordings (fold 0) split 80/20 into new train/test.

Only recordings in fold 0 of ``CVfolds_2.txt`` are kept; 20 % of them (pandas ``sample``,
random_state 0) are marked fold 1 (the new test set) and all are renumbered 0..n-1 in their
original order. Text files, WAVs and spectrogram BMPs are filtered to the kept recordings.
Answers hold one row per (test recording, species): ``Id = rec_id * 100 + species``.
"""

from pathlib import Path

import pandas as pd

from mle_pipeline.prepare.tables import copy_file, read_csv, scratch_dir, write_csv
from mle_pipeline.sources.archive import extract

N_SPECIES = 19
TEST_FRACTION = 0.2
# MLE-bench writes this header on all three filtered supplemental files.
FILTERED_HEADER = "rec_id,[histogram of segment features]"
BMP_FOLDERS = [
    "filtered_spectrograms",
    "segmentation_examples",
    "spectrograms",
    "supervised_segmentation",
]
OPTIONAL_BMP_FOLDERS = {"segmentation_examples"}  # only a few recordings have one


def _split_folds(essential: Path) -> tuple[pd.DataFrame, dict[int, int]]:
    folds = read_csv(essential / "CVfolds_2.txt")
    folds = folds[folds["fold"] == 0].reset_index(drop=True)
    folds.loc[folds.sample(frac=TEST_FRACTION, random_state=0).index, "fold"] = 1
    new_ids = {int(old): new for new, old in enumerate(folds["rec_id"].to_numpy())}
    folds["rec_id"] = folds.index
    return folds, new_ids


def _read_labels(path: Path, new_ids: dict[int, int]) -> list[tuple[int, str]]:
    """(new rec_id, comma-separated labels or "") for kept recordings, in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        rec_id, _, labels = line.partition(",")
        if int(rec_id) in new_ids:
            rows.append((new_ids[int(rec_id)], labels))
    return rows


def _write_public_labels(rows: list[tuple[int, str]], test_ids: set[int], dest: Path) -> None:
    lines = ["rec_id,[labels]"]
    for rec_id, labels in rows:
        labels = "?" if rec_id in test_ids else labels
        lines.append(f"{rec_id},{labels}" if labels else str(rec_id))
    dest.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _answers(rows: list[tuple[int, str]], test_ids: set[int]) -> pd.DataFrame:
    ids, present = [], []
    for rec_id, labels in rows:
        if rec_id in test_ids:
            species = {int(s) for s in labels.split(",") if s != ""}
            ids += [rec_id * 100 + s for s in range(N_SPECIES)]
            present += [int(s in species) for s in range(N_SPECIES)]
    return pd.DataFrame({"Id": ids, "Probability": present})


def _filter_by_rec_id(src: Path, dest: Path, new_ids: dict[int, int]) -> None:
    """Keep lines whose first field is a kept rec_id, renumbered, under MLE-bench's header."""
    lines = [FILTERED_HEADER]
    for line in src.read_text(encoding="utf-8").splitlines()[1:]:
        rec_id, _, rest = line.partition(",")
        if int(rec_id) in new_ids:
            lines.append(f"{new_ids[int(rec_id)]},{rest}")
    dest.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def prepare(raw: Path, public: Path, private: Path) -> None:
    essential_out, supplemental_out = public / "essential_data", public / "supplemental_data"
    with scratch_dir(public) as scratch:
        source = Path(scratch) / "mlsp_contest_dataset"
        extract(raw / "mlsp_contest_dataset.zip", Path(scratch))
        essential, supplemental = source / "essential_data", source / "supplemental_data"

        folds, new_ids = _split_folds(essential)
        write_csv(folds, essential_out / "CVfolds_2.txt")
        test_ids = folds.loc[folds["fold"] == 1, "rec_id"].tolist()

        filenames = read_csv(essential / "rec_id2filename.txt")
        filenames = filenames[filenames["rec_id"].isin(new_ids.keys())].copy()
        filenames["rec_id"] = filenames["rec_id"].map(new_ids)
        if len(filenames) != len(folds):
            raise ValueError(f"rec_id2filename.txt names {len(filenames)} of {len(folds)} kept ids")
        write_csv(filenames, essential_out / "rec_id2filename.txt")

        rows = _read_labels(essential / "rec_labels_test_hidden.txt", new_ids)
        _write_public_labels(rows, set(test_ids), essential_out / "rec_labels_test_hidden.txt")
        answers = _answers(rows, set(test_ids))
        if len(answers) != N_SPECIES * len(test_ids):
            raise ValueError(f"labels cover {len(answers) // N_SPECIES} of {len(test_ids)} tests")
        write_csv(answers, private / "answers.csv")
        sample = pd.DataFrame(
            {"Id": [r * 100 + s for r in test_ids for s in range(N_SPECIES)], "Probability": 0}
        )
        write_csv(sample, public / "sample_submission.csv")

        copy_file(essential / "species_list.txt", essential_out / "species_list.txt")
        (essential_out / "src_wavs").mkdir()
        for folder in BMP_FOLDERS:
            (supplemental_out / folder).mkdir(parents=True)
        for name in filenames["filename"]:
            copy_file(
                essential / "src_wavs" / f"{name}.wav", essential_out / "src_wavs" / f"{name}.wav"
            )
            for folder in BMP_FOLDERS:
                src = supplemental / folder / f"{name}.bmp"
                if folder not in OPTIONAL_BMP_FOLDERS or src.exists():
                    copy_file(src, supplemental_out / folder / f"{name}.bmp")
        for name in ("segment_clusters.bmp", "segment_mosaic.bmp"):
            copy_file(supplemental / name, supplemental_out / name)
        for name in ("histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt"):
            _filter_by_rec_id(supplemental / name, supplemental_out / name, new_ids)
