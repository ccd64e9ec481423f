"""text-normalization (Russian): share of tokens normalized exactly right (shared grader)."""

from mle_pipeline.competitions.text_normalization import gold_submission, grade

__all__ = ["gold_submission", "grade"]
