"""Run-length encoding of masks as Kaggle's segmentation competitions write it: column-major
(top to bottom, then left to right), 1-indexed ``start length`` pairs. Shared by the sample
generators and the preparations that turn masks into answers; decoding and its checks are
the graders' (``mle_pipeline.grading.metrics.rle_runs``)."""

import numpy as np


def rle_encode(mask: np.ndarray) -> str:
    """The runs of a boolean mask; a trailing axis of size one (``H x W x 1``) changes
    nothing. An empty mask gives an empty string."""
    flat = np.concatenate([[False], mask.T.ravel(), [False]])
    edges = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]
    return " ".join(f"{s} {e - s}" for s, e in zip(starts, ends, strict=True))
