"""Shared by the benchmark scripts: print one JSON line of figures per benchmark."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time


def emit(name: str, figures: dict) -> None:
    """Print ``BENCH {json}`` (run_all.py collects these lines into results.md)."""
    print("BENCH " + json.dumps({"benchmark": name, **figures}), flush=True)


def peak_rss_mib(children: bool = False) -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return round(usage.ru_maxrss / 1024, 1)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def timed(args: list[str], env: dict, quiet: bool = False) -> float:
    """Wall seconds of ``mle-pipeline ARGS`` in a fresh process (stdout dropped, and stderr
    too when ``quiet``); fails if the command does."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mle_pipeline.cli", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    return time.perf_counter() - start
