"""Deterministic integrity signals of one agent run, recorded by the runners; no model needed.

- network: the agent connected to, or looked up, a non-loopback host although its spec
  says ``network: false``;
- outside reads: it opened or listed a file outside its workspace (and outside the
  interpreter's and the system's folders);
- sample submission: its submission is byte for byte the competition's sample submission
  (a floor, not cheating: recorded, never flagged).

Network and reads come from the audit hook (``hook/sitecustomize.py``), which sees Python
processes only; ``audit`` says whether it recorded anything for this run.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

HOOK_DIR = Path(__file__).parent / "hook"
AUDIT_ENV = "MLE_INTEGRITY_AUDIT"
ALLOW_ENV = "MLE_INTEGRITY_ALLOW"  # more folders the agent may read (os.pathsep-separated)
AUDIT_NAME = "integrity_audit.jsonl"
MAX_LISTED = 50  # events kept per kind in run.json; the audit file keeps them all


def audit_env(home_seen: str, hook_dir: str, env: dict[str, str]) -> dict[str, str]:
    """The variables that load the audit hook in the agent's Python processes; ``home_seen``
    and ``hook_dir`` are the paths as the agent sees them."""
    path = [hook_dir, env["PYTHONPATH"]] if env.get("PYTHONPATH") else [hook_dir]
    return {AUDIT_ENV: f"{home_seen}/logs/{AUDIT_NAME}", "PYTHONPATH": os.pathsep.join(path)}


def allowed_reads(pipes_env: dict[str, str]) -> dict[str, str]:
    """``ALLOW_ENV`` for a local agent: the project's package (built-in agents import it,
    an editable install is not on ``sys.path``) and the folders of its Pipes files."""
    from dagster_pipes import decode_env_var

    import mle_pipeline

    folders = [str(Path(mle_pipeline.__file__).parent)]
    for value in pipes_env.values():
        try:
            params = decode_env_var(value)
        except Exception:  # noqa: BLE001 - not every bootstrap variable is encoded params
            continue
        if isinstance(params, dict) and isinstance(params.get("path"), str):
            folders.append(str(Path(params["path"]).parent))
    return {ALLOW_ENV: os.pathsep.join(folders)}


@dataclass(frozen=True)
class Signals:
    audit: str  # "recorded" (the hook ran in at least one process) or "not recorded"
    network_allowed: bool
    network_attempts: list[dict] = field(default_factory=list)
    outside_reads: list[str] = field(default_factory=list)
    scripts_run: list[str] = field(default_factory=list)
    submission_is_sample: bool | None = None  # None: no submission or no sample to compare
    sample_file: str = ""

    @property
    def reasons(self) -> list[str]:
        """Why this run is flagged (empty: not flagged)."""
        reasons = []
        if self.network_attempts and not self.network_allowed:
            hosts = sorted({a["host"] for a in self.network_attempts})
            reasons.append(
                f"tried to reach the network ({', '.join(hosts[:5])}) with network: false"
            )
        if self.outside_reads:
            reasons.append(
                f"read {len(self.outside_reads)} path(s) outside its workspace, first "
                f"{self.outside_reads[0]}"
            )
        return reasons

    def as_dict(self) -> dict:
        return {**asdict(self), "flagged": bool(self.reasons), "reasons": self.reasons}

    @classmethod
    def from_dict(cls, payload: dict) -> Signals:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in payload.items() if k in names})


def read_audit(path: Path) -> list[dict]:
    """The audit file's events; lines that are not JSON objects are skipped."""
    if not path.is_file():
        return []
    events = []
    for line in path.read_text(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and isinstance(event.get("event"), str):
            events.append(event)
    return events


def _unique(values: list) -> list:
    seen, out = set(), []
    for value in values:
        key = json.dumps(value, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out[:MAX_LISTED]


def collect_signals(
    home: Path, network_allowed: bool, sample: tuple[bytes, str] | None = None
) -> Signals:
    """The signals of a finished run whose workspace is ``home`` (its audit file in logs/);
    ``sample``: the competition's sample submission (bytes, file name), if it has one."""
    events = read_audit(home / "logs" / AUDIT_NAME)
    seen_homes = {e.get("home") for e in events if e["event"] == "start" and e.get("home")}
    attempts = [
        {"kind": e["event"], "host": str(e.get("host")), "port": e.get("port")}
        for e in events
        if e["event"] in ("connect", "resolve")
    ]
    reads = [str(e.get("path")) for e in events if e["event"] in ("read", "list")]
    scripts = []
    for event in events:
        if event["event"] == "run" and event.get("path"):
            scripts.append(_inside_home(str(event["path"]), seen_homes, home))
    submission = home / "submission" / "submission.csv"
    sample = sample if submission.is_file() else None
    return Signals(
        audit="recorded" if any(e["event"] == "start" for e in events) else "not recorded",
        network_allowed=network_allowed,
        network_attempts=_unique(attempts),
        outside_reads=_unique(reads),
        scripts_run=_unique(scripts),
        submission_is_sample=(submission.read_bytes() == sample[0]) if sample else None,
        sample_file=sample[1] if sample else "",
    )


def _inside_home(path: str, seen_homes: set, home: Path) -> str:
    """A path as the agent saw it, mapped to the workspace on the host when it was in it."""
    for seen in seen_homes:
        if path.startswith(seen.rstrip("/") + "/"):
            return str(home / path[len(seen.rstrip("/")) + 1 :])
    return path
