"""A light sandbox for local agents: private mount and PID namespaces via ``unshare``.

Inside, the agent's workspace is bind-mounted at a fresh path outside the data root; the
data root (answers, other runs, reports) and the Dagster instance folder are covered by
empty read-only tmpfs mounts; ``/proc`` shows only the agent's own processes (so the
supervisor's open files and working directory are out of reach). Nothing changes for the
host. Without ``unshare`` or the right to create namespaces, agents run unsandboxed and the
run records ``sandbox: none``; ``MLE_PIPELINE_LOCAL_SANDBOX=off`` turns it off on purpose.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

SANDBOX_ENV = "MLE_PIPELINE_LOCAL_SANDBOX"
BASE_FLAGS = [
    "--mount",
    "--pid",
    "--fork",
    "--mount-proc",
    "--kill-child=SIGKILL",
    "--propagation",
    "private",
]
# $1 workspace, $2 view, $3 number of folders to hide, then the folders, then the command.
SCRIPT = """set -e
mount --bind "$1" "$2"
view=$2
n=$3
shift 3
while [ "$n" -gt 0 ]; do
  mount -t tmpfs -o ro,size=16k,mode=0555 mle-hidden "$1"
  shift
  n=$((n - 1))
done
cd "$view"
exec "$@"
"""


@functools.cache
def unshare_flags() -> tuple[str, ...] | None:
    """The ``unshare`` flags that work here (as root, or via a user namespace), or None."""
    if os.environ.get(SANDBOX_ENV, "auto") == "off" or shutil.which("unshare") is None:
        return None
    for extra in ([], ["--map-root-user"]):
        flags = (*extra, *BASE_FLAGS)
        probe = subprocess.run(
            ["unshare", *flags, "sh", "-c", "mount -t tmpfs x /mnt || true"], capture_output=True
        )
        if probe.returncode == 0:
            return flags
    return None


def sandboxed_command(
    command: list[str], workspace_home: Path, view: Path, hidden: list[Path]
) -> list[str]:
    """``command`` wrapped so it runs in ``view`` with ``hidden`` folders covered."""
    flags = unshare_flags()
    if flags is None:
        raise RuntimeError("no sandbox available")
    view_real = view.resolve()
    folders = []
    for folder in hidden:
        folder = folder.resolve()
        if folder.is_dir() and not view_real.is_relative_to(folder):
            folders.append(str(folder))
    return [
        "unshare",
        *flags,
        "sh",
        "-c",
        SCRIPT,
        "mle-sandbox",
        str(workspace_home),
        str(view),
        str(len(folders)),
        *folders,
        *command,
    ]
