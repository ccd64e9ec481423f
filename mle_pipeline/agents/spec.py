"""Agent specs: how an agent starts and under which limits, loaded from YAML files."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from pydantic import Field

from mle_pipeline.schema import Strict, StrTuple, load_yaml_mapping, validate

SPECS_DIR = Path(__file__).resolve().parent / "specs"
AGENTS_ENV = "MLE_PIPELINE_AGENTS"
DEFAULT_TIME_LIMIT = 24 * 3600
# Marks code versions derived from a spec (runs recorded before carry a run id instead).
CODE_VERSION_PREFIX = "spec-"


class UnknownAgentError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


class AgentSpecError(ValueError):
    """An agent spec file that does not match :class:`AgentSpec`."""


class Resources(Strict):
    cpus: float = Field(default=1, gt=0)
    memory_gb: float = Field(default=4, gt=0)
    gpus: int = Field(default=0, ge=0)
    shm_gb: float = Field(default=1, gt=0)


class AgentSpec(Strict):
    """One agent: a command (local) and/or an image (docker), its limits and environment."""

    name: str
    command: StrTuple = Field(min_length=1)
    description: str = ""
    image: str | None = None
    time_limit_seconds: float = Field(default=DEFAULT_TIME_LIMIT, gt=0)
    env: dict[str, str] = Field(default_factory=dict)
    secrets: StrTuple = ()
    resources: Resources = Resources()
    network: bool = False
    source: Path | None = None

    def resolved_command(self) -> list[str]:
        return [part.replace("{python}", sys.executable) for part in self.command]

    @property
    def code_version(self) -> str:
        """Dagster code version of this agent's runs: a hash of what the spec declares
        (not of its file, so a comment changes nothing). A new one makes its runs stale."""
        declared = self.model_dump(mode="json", exclude={"source"})
        digest = hashlib.sha256(json.dumps(declared, sort_keys=True).encode()).hexdigest()
        return f"{CODE_VERSION_PREFIX}{digest[:16]}"

    @property
    def uses_gpu(self) -> bool:
        return self.resources.gpus > 0


def load_spec(path: Path) -> AgentSpec:
    """Read and validate an agent spec; AgentSpecError names the file and each bad key."""
    raw = load_yaml_mapping(path, "agent settings", AgentSpecError)
    if "source" in raw:
        raise AgentSpecError(f"{path}: unknown key 'source'")
    # YAML's `env: {}` / `secrets: []` written as empty values mean "none".
    raw = {k: v for k, v in raw.items() if not (k in ("env", "secrets", "resources") and v is None)}
    spec = validate(AgentSpec, {**raw, "source": path}, str(path), AgentSpecError)
    if spec.name != path.stem:
        raise AgentSpecError(f"{path}: name {spec.name!r} must equal the file name {path.stem!r}")
    return spec.model_copy(update={"description": spec.description.strip()})


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
