"""Grading: metrics, the Kaggle medal rule and per-submission reports."""
