"""rsna-2022-cervical-spine-fracture-detection: about 90 % of Kaggle's labelled studies
become the test set.

As in MLE-bench (one ``random.Random(0)``, its draws in the same order): a tenth of the
studies stay in training, keeping a tenth of the studies with bounding boxes, a tenth of
those with segmentations and a tenth of the overlap of the two; the rest of train.csv is
the test set, melted to one row per study and prediction type (``patient_overall``,
``C1`` .. ``C7``). Study folders of DICOM slices and the chosen NIfTI segmentations are
copied byte for byte; Kaggle's own test_images/ is not used.
"""

import random
from pathlib import Path

from mle_pipeline.prepare.files import copy_folders
from mle_pipeline.prepare.tables import copy_named_files, read_csv, write_csv

TRAIN_COLUMNS = ["StudyInstanceUID", "patient_overall", *(f"C{i}" for i in range(1, 8))]
BOX_COLUMNS = ["StudyInstanceUID", "x", "y", "width", "height", "slice_number"]
TRAIN_RATIO = 0.1


def _train_studies(
    studies: list[str], boxed: list[str], segmented: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """(train studies, of which those keeping boxes, those keeping segmentations)."""
    draw = random.Random(0)
    overlap = [uid for uid in boxed if uid in set(segmented)]
    kept_overlap = draw.sample(overlap, round(len(overlap) * TRAIN_RATIO))
    extra_segmented = draw.sample(
        [uid for uid in segmented if uid not in set(overlap)],
        round(len(segmented) * TRAIN_RATIO) - len(kept_overlap),
    )
    extra_boxed = draw.sample(
        [uid for uid in boxed if uid not in set(overlap)],
        round(len(boxed) * TRAIN_RATIO) - len(kept_overlap),
    )
    chosen = kept_overlap + extra_segmented + extra_boxed
    taken = set(chosen)
    chosen += draw.sample(
        [uid for uid in studies if uid not in taken],
        round(len(studies) * TRAIN_RATIO) - len(chosen),
    )
    return chosen, kept_overlap + extra_boxed, kept_overlap + extra_segmented


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = read_csv(raw / "train.csv", TRAIN_COLUMNS)
    boxes = read_csv(raw / "train_bounding_boxes.csv", BOX_COLUMNS)
    segmented = sorted(path.stem for path in (raw / "segmentations").glob("*.nii"))
    chosen, boxed, kept_segmented = _train_studies(
        list(labels["StudyInstanceUID"]), sorted(boxes["StudyInstanceUID"].unique()), segmented
    )
    in_train = labels["StudyInstanceUID"].isin(chosen)
    train = labels[in_train]
    if len(train) != len(chosen) or not labels["StudyInstanceUID"].is_unique:
        raise ValueError(
            f"{raw / 'train.csv'}: StudyInstanceUID values must be unique and include every "
            "study with bounding boxes or a segmentation"
        )
    answers = labels[~in_train].melt(
        id_vars="StudyInstanceUID", var_name="prediction_type", value_name="fractured"
    )
    answers["row_id"] = answers["StudyInstanceUID"] + "_" + answers["prediction_type"]

    write_csv(train, public / "train.csv")
    write_csv(boxes[boxes["StudyInstanceUID"].isin(boxed)], public / "train_bounding_boxes.csv")
    write_csv(answers, private / "answers.csv")
    write_csv(answers[["row_id"]].assign(fractured=0.5), public / "sample_submission.csv")
    write_csv(answers.drop(columns=["fractured"]), public / "test.csv")

    copy_named_files(kept_segmented, raw / "segmentations", public / "segmentations", ".nii")
    copy_folders(train["StudyInstanceUID"], raw / "train_images", public / "train_images")
    test_studies = answers["StudyInstanceUID"].unique()
    copy_folders(test_studies, raw / "train_images", public / "test_images")
