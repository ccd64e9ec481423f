"""The label columns of train.csv, and the ones MLE-bench grades."""

LABELS = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
    "CVC - Normal",
    "Swan Ganz Catheter Present",
]

# MLE-bench grades (and puts in the sample submission) only these nine: the last two labels
# are left out (its README, issue #30).
GRADED = LABELS[:9]
