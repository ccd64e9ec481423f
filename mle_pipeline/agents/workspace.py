"""The per-run workspace an agent sees, laid out as MLE-bench lays out its container's /home.

    <run_dir>/home/data/          public files and description.md, read-only
    <run_dir>/home/submission/    the agent writes submission.csv here
    <run_dir>/home/logs/          the agent's own logs
    <run_dir>/home/code/          the agent's code, kept for audit
    <run_dir>/home/instructions.txt
    <run_dir>/agent.log           stdout and stderr of the agent process
    <run_dir>/run.json            outcome of the run, written last (its completion marker)

Public files are hard-linked (copied across devices), so nothing in the workspace leads
back to the prepared folder where the private answers live.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from mle_pipeline.atomic import remove_stale_temporaries

INSTRUCTIONS = """\
You are taking part in an offline machine-learning benchmark built from a Kaggle competition.

- The competition's data is in the `data/` folder next to this file; `data/description.md`
  says what to predict and how it is scored. It is read-only.
- Write your predictions to `submission/submission.csv` in the format of the sample
  submission file in `data/`. Only that file is graded.
- Keep your code in `code/` and your logs in `logs/`.
- You have a time limit (seconds in the TIME_LIMIT_SECS environment variable); when it
  runs out the process is killed and whatever is in `submission/` is graded.
- To check a submission's format, POST the file to the URL in the VALIDATION_URL
  environment variable (or run `sh /home/validate_submission.sh` in the container, or
  `python -m mle_pipeline.agents.validation submission/submission.csv`). It answers
  whether the file is valid and why not; it never tells you a score.
- Do not try to reach the internet or to read the private test labels: they are not here.
"""

SUBMISSION_NAME = "submission.csv"


@dataclass(frozen=True)
class Workspace:
    run_dir: Path

    @property
    def home(self) -> Path:
        return self.run_dir / "home"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def submission_dir(self) -> Path:
        return self.home / "submission"

    @property
    def submission(self) -> Path:
        return self.submission_dir / SUBMISSION_NAME

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def code(self) -> Path:
        return self.home / "code"

    @property
    def instructions(self) -> Path:
        return self.home / "instructions.txt"

    @property
    def agent_log(self) -> Path:
        return self.run_dir / "agent.log"

    @property
    def result(self) -> Path:
        return self.run_dir / "run.json"

    def env(self, home: Path | None = None) -> dict[str, str]:
        """The agent's folder variables; ``home`` is where the agent sees ``self.home``
        (a sandbox mounts it elsewhere)."""
        seen = home or self.home
        return {
            "DATA_DIR": str(seen / "data"),
            "SUBMISSION_DIR": str(seen / "submission"),
            "LOGS_DIR": str(seen / "logs"),
            "CODE_DIR": str(seen / "code"),
            "AGENT_HOME": str(seen),
        }


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _make_read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    folder.chmod(0o555)


def _make_writable(folder: Path) -> None:
    if folder.exists():
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)


def create_workspace(
    run_dir: Path, public_dir: Path, description: bytes | None = None
) -> Workspace:
    """A fresh workspace (any earlier attempt at this run is removed first); ``description``
    replaces the prepared ``description.md`` in ``data/`` when given."""
    if run_dir.exists():
        _make_writable(run_dir)
        shutil.rmtree(run_dir)
    remove_stale_temporaries(run_dir.parent, run_dir.name)
    workspace = Workspace(run_dir)
    for folder in (workspace.submission_dir, workspace.logs, workspace.code):
        folder.mkdir(parents=True)
    shutil.copytree(public_dir, workspace.data, copy_function=_link_or_copy)
    if description is not None:
        target = workspace.data / "description.md"
        target.unlink(missing_ok=True)  # a hard link to the prepared file: never write through
        target.write_bytes(description)
    # Hard links share the inode, so read-only here is read-only for the public files too.
    _make_read_only(workspace.data)
    workspace.instructions.write_text(INSTRUCTIONS)
    return workspace


def release_workspace(workspace: Workspace) -> None:
    """Give the owner write access back to the data folder (so it can be deleted)."""
    _make_writable(workspace.data)
