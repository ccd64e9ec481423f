"""mle_pipeline: MLE-bench as a Dagster asset graph."""

__version__ = "0.1.0"
