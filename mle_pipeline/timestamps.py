"""Timestamps written into manifests, run outcomes and grading reports."""

from __future__ import annotations

from datetime import datetime


def now_iso() -> str:
    """Local time now, ISO 8601 (what MLE-bench writes in its reports' ``created_at``)."""
    return datetime.now().isoformat()
