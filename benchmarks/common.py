"""Shared by the benchmark scripts: print one JSON line of figures per benchmark."""

from __future__ import annotations

import json
import os
import platform
import resource


def emit(name: str, figures: dict) -> None:
    """Print ``BENCH {json}`` (run_all.py collects these lines into results.md)."""
    print("BENCH " + json.dumps({"benchmark": name, **figures}), flush=True)


def peak_rss_mib(children: bool = False) -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return round(usage.ru_maxrss / 1024, 1)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
