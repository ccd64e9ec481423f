"""Headless Chromium screenshots for the slow UI tests (skips when Chromium is missing)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium found (Debian: apt-get install -y chromium)")


def screenshot(
    url: str, out: Path, *, width: int = 1400, height: int = 900, wait_ms: int = 0
) -> Path:
    """Load ``url`` in headless Chromium (no network besides ``url``) and save a PNG."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        command = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={out}",
            f"--window-size={width},{height}",
        ]
        if wait_ms:
            command.append(f"--virtual-time-budget={wait_ms}")
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=180, check=False
        )
    if not out.is_file():
        raise AssertionError(
            f"chromium wrote no screenshot (exit {result.returncode}):\n{result.stderr[-2000:]}"
        )
    return out
