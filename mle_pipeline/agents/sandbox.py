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
import sys
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
# $1 start marker, $2 workspace, $3 view, $4 number of folders to hide, then the folders,
# then the command. The marker is written only once the sandbox is set up and the command
# exists inside it: a run without it never started (see ``local_runner``).
SCRIPT = """set -e
started=$1
mount --bind "$2" "$3"
view=$3
n=$4
shift 4
while [ "$n" -gt 0 ]; do
  mount -t tmpfs -o ro,size=16k,mode=0555 mle-hidden "$1"
  shift
  n=$((n - 1))
done
cd "$view"
if ! command -v "$1" >/dev/null 2>&1; then
  echo "mle-sandbox: $1: command not found inside the sandbox" >&2
  exit 127
fi
: > "$started"
exec "$@"
"""


def needed_paths() -> list[Path]:
    """What a local agent needs to start: this interpreter, its virtual environment and the
    project's package (built-in agents import it)."""
    import mle_pipeline

    return [
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.executable).resolve().parent,
        Path(mle_pipeline.__file__).parent,
    ]


def folders_to_cover(hidden: list[Path], keep: list[Path]) -> list[Path]:
    """The folders to cover so that ``hidden`` is out of sight but ``keep`` is not.

    A hidden folder holding something kept (``DAGSTER_HOME`` set to a checkout with its
    ``.venv``) is not covered whole: each of its sub-folders is, except the ones on the way
    to what is kept. Files directly inside those stay visible.
    """
    keep = [path.resolve() for path in keep]
    covered: list[Path] = []

    def cover(folder: Path) -> None:
        inside = [path for path in keep if path.is_relative_to(folder)]
        if not inside:
            covered.append(folder)
        elif folder not in inside:
            for entry in sorted(folder.iterdir()):
                if entry.is_dir() and not entry.is_symlink():
                    cover(entry)

    for folder in hidden:
        folder = folder.resolve()
        if folder.is_dir() and not any(folder.is_relative_to(c) for c in covered):
            cover(folder)
    return covered


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
    command: list[str],
    workspace_home: Path,
    view: Path,
    hidden: list[Path],
    *,
    started: Path,
    keep: list[Path] = (),
) -> list[str]:
    """``command`` wrapped so it runs in ``view`` with ``hidden`` folders covered, except
    ``keep``, the ``view`` and the ``started`` marker's folder; ``started`` is created just
    before the command is executed."""
    flags = unshare_flags()
    if flags is None:
        raise RuntimeError("no sandbox available")
    folders = folders_to_cover(hidden, [*keep, *needed_paths(), view, started.parent])
    return [
        "unshare",
        *flags,
        "sh",
        "-c",
        SCRIPT,
        "mle-sandbox",
        str(started),
        str(workspace_home),
        str(view),
        str(len(folders)),
        *map(str, folders),
        *command,
    ]
