"""The plagiarism check's default threshold, from a small labelled set.

    python benchmarks/similarity_threshold.py

Scores every sample of ``tests/similarity_set.py`` (copied, lightly edited and independent
code for three tasks) against all three reference notebooks with the check's own
similarity (``mle_pipeline/integrity/similarity.py``), prints the scores per label and the
gap between the lowest edited/copied score and the highest independent one, and the
default threshold (``DEFAULT_THRESHOLD``), which must fall inside that gap.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit  # noqa: E402

from mle_pipeline.integrity.similarity import DEFAULT_THRESHOLD  # noqa: E402
from tests.similarity_set import scores  # noqa: E402


def main() -> None:
    results = scores()
    print(f"{'label':<12} {'sample':<28} {'similarity':>10}  most similar reference")
    for label, name, score, reference in results:
        print(f"{label:<12} {name:<28} {score:>10.3f}  {reference}")
    by_label: dict[str, list[float]] = {}
    for label, _, score, _ in results:
        by_label.setdefault(label, []).append(score)
    print()
    for label, values in by_label.items():
        print(f"{label:<12} n={len(values)} min={min(values):.3f} max={max(values):.3f}")
    low = min(by_label["copied"] + by_label["edited"])
    high = max(by_label["independent"])
    print(f"\ngap: independent <= {high:.3f} < {low:.3f} <= edited/copied")
    separates = high < DEFAULT_THRESHOLD <= low
    print(f"default threshold: {DEFAULT_THRESHOLD} (separates: {separates})")
    figures = {
        f"{label}_{stat}": round(f(v), 3)
        for label, v in by_label.items()
        for stat, f in (("min", min), ("max", max))
    }
    emit("similarity_threshold", figures | {"threshold": DEFAULT_THRESHOLD, "separates": separates})


if __name__ == "__main__":
    main()
