"""Agent specs: how an agent starts and under which limits, loaded from YAML files."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SPECS_DIR = Path(__file__).resolve().parent / "specs"
AGENTS_ENV = "MLE_PIPELINE_AGENTS"
DEFAULT_TIME_LIMIT = 24 * 3600


class UnknownAgentError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Resources:
    cpus: float = 1
    memory_gb: float = 4
    gpus: int = 0
    shm_gb: float = 1


@dataclass(frozen=True)
class AgentSpec:
    """One agent: a command (local) and/or an image (docker), its limits and environment."""

    name: str
    command: tuple[str, ...]
    description: str = ""
    image: str | None = None
    time_limit_seconds: float = DEFAULT_TIME_LIMIT
    env: dict[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    resources: Resources = Resources()
    network: bool = False
    source: Path | None = None

    def resolved_command(self) -> list[str]:
        return [part.replace("{python}", sys.executable) for part in self.command]

    @property
    def uses_gpu(self) -> bool:
        return self.resources.gpus > 0


def load_spec(path: Path) -> AgentSpec:
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping")
    for key in ("name", "command"):
        if key not in raw:
            raise ValueError(f"{path}: missing required field {key!r}")
    if raw["name"] != path.stem:
        raise ValueError(f"{path}: name {raw['name']!r} must equal the file name {path.stem!r}")
    command = raw["command"]
    if isinstance(command, str) or not command:
        raise ValueError(f"{path}: command must be a non-empty list of arguments")
    return AgentSpec(
        name=raw["name"],
        command=tuple(str(part) for part in command),
        description=str(raw.get("description", "")).strip(),
        image=raw.get("image"),
        time_limit_seconds=float(raw.get("time_limit_seconds", DEFAULT_TIME_LIMIT)),
        env={str(k): str(v) for k, v in (raw.get("env") or {}).items()},
        secrets=tuple(raw.get("secrets") or ()),
        resources=Resources(**(raw.get("resources") or {})),
        network=bool(raw.get("network", False)),
        source=path,
    )


def spec_dirs() -> list[Path]:
    extra = os.environ.get(AGENTS_ENV)
    return [SPECS_DIR, *([Path(p) for p in extra.split(os.pathsep) if p] if extra else [])]


@functools.cache
def _load_all(dirs: tuple[Path, ...]) -> dict[str, AgentSpec]:
    specs: dict[str, AgentSpec] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")):
            spec = load_spec(path)
            specs[spec.name] = spec  # a user's folder may override a built-in agent
    return specs


def all_agents() -> dict[str, AgentSpec]:
    return _load_all(tuple(spec_dirs()))


def get_agent(name: str) -> AgentSpec:
    try:
        return all_agents()[name]
    except KeyError:
        raise UnknownAgentError(
            f"unknown agent {name!r}; declared agents: {', '.join(sorted(all_agents()))} "
            f"(add a YAML file to {SPECS_DIR} or a folder in ${AGENTS_ENV})"
        ) from None
