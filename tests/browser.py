"""The slow UI tests' tools: `dagster-webserver` on loopback, and headless Chromium pages
(screenshots, or the text the page shows once its scripts ran); skips without Chromium."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium found (Debian: apt-get install -y chromium)")


def _chromium_command(profile: str, wait_ms: int, width: int, height: int) -> list[str]:
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
        f"--window-size={width},{height}",
    ]
    if wait_ms:
        command.append(f"--virtual-time-budget={wait_ms}")
    return command


def screenshot(
    url: str, out: Path, *, width: int = 1400, height: int = 900, wait_ms: int = 0
) -> Path:
    """Load ``url`` in headless Chromium (no network besides ``url``) and save a PNG."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        command = [*_chromium_command(profile, wait_ms, width, height), f"--screenshot={out}"]
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=180, check=False
        )
    if not out.is_file():
        raise AssertionError(
            f"chromium wrote no screenshot (exit {result.returncode}):\n{result.stderr[-2000:]}"
        )
    return out


def page_text(url: str, *, wait_ms: int = 20_000, width: int = 1400, height: int = 900) -> str:
    """The text a page shows after its scripts ran in headless Chromium (whitespace folded)."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        command = [*_chromium_command(profile, wait_ms, width, height), "--dump-dom", url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if result.returncode != 0 or "<body" not in result.stdout:
        raise AssertionError(f"chromium could not load {url}:\n{result.stderr[-2000:]}")
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", result.stdout, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom))).strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        payload = json.loads(response.read())
    assert "errors" not in payload, payload
    return payload["data"]


LOCATIONS = """
{ workspaceOrError { ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


def wait_until_loaded(
    base: str, proc: subprocess.Popen, log_path: Path, timeout: float, what: str
) -> list:
    """The code locations of the UI at ``base`` once all are loaded (the test fails if
    ``proc`` exits or ``timeout`` seconds pass first); dismisses the sign-up dialog."""
    deadline = time.monotonic() + timeout
    entries = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited:\n{log_path.read_text()[-3000:]}")
        try:
            entries = graphql(base, LOCATIONS)["workspaceOrError"]["locationEntries"]
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        pytest.fail(
            f"{what} did not load the code location in time: {entries}\n"
            f"{log_path.read_text()[-3000:]}"
        )
    # The community sign-up dialog (shown on localhost) would cover the pages.
    graphql(base, "mutation { setNuxSeen }")
    return entries


@contextlib.contextmanager
def dagster_webserver(home: Path, env: dict[str, str]) -> Iterator[tuple[str, list]]:
    """`dagster-webserver -w workspace.yaml` on loopback for ``DAGSTER_HOME=home``; yields its
    URL and the loaded code locations once every location is loaded."""
    port = free_port()
    log_path = home / "webserver.log"
    webserver_bin = Path(sys.executable).with_name("dagster-webserver")
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(webserver_bin), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO,
            env={**os.environ, **env, "DAGSTER_HOME": str(home)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            yield base, wait_until_loaded(base, proc, log_path, 180, "webserver")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
