"""Resources: the data root, the raw-data source and the agent runner, configured by EnvVar."""

import os
from pathlib import Path

from dagster import ConfigurableResource

from mle_pipeline.layout import DataLayout, default_data_root
from mle_pipeline.sources.base import RawSource

SOURCES = ("sample", "kaggle", "mirror")
RUNNERS = ("local", "docker")


class PipelineSettings(ConfigurableResource):
    """Where data lives and how raw data and agent runs are obtained.

    Every field may be left empty and is then read from the environment:
    ``MLE_PIPELINE_DATA``, ``MLE_PIPELINE_SOURCE`` (sample|kaggle|mirror),
    ``MLE_PIPELINE_MIRROR``, ``MLE_PIPELINE_RUNNER`` (local|docker), ``MLE_PIPELINE_MLEBENCH``
    (an MLE-bench checkout for the agents' task text), ``MLE_PIPELINE_DESCRIPTION``
    (full|obfuscated), ``MLE_PIPELINE_PLAGIARISM_THRESHOLD`` (0-1), ``MLE_PIPELINE_KEEP_RAW``
    (0|1), ``MLE_PIPELINE_TIME_LIMIT`` (s).
    """

    data_root: str | None = None
    source: str = "sample"
    mirror_dir: str | None = None
    runner: str = "local"
    verify: bool = False
    keep_raw: bool = True
    time_limit_seconds: float | None = None
    # An MLE-bench checkout whose descriptions agents get (agents.task_text), and which one.
    mlebench_dir: str | None = None
    description: str = "full"
    # Integrity: plagiarism flag threshold (None: the default chosen on the labelled set).
    plagiarism_threshold: float | None = None

    @property
    def plagiarism_threshold_value(self) -> float:
        from mle_pipeline.integrity.similarity import DEFAULT_THRESHOLD

        value = self.plagiarism_threshold
        if value is None:
            return DEFAULT_THRESHOLD
        if not 0 < value <= 1:
            raise ValueError(f"plagiarism_threshold must be in (0, 1], got {value}")
        return value

    @property
    def layout(self) -> DataLayout:
        return DataLayout(
            Path(self.data_root).expanduser() if self.data_root else default_data_root()
        )

    def task_text(self, competition_id: str):
        """What the competition's agents read as ``data/description.md``."""
        from mle_pipeline.agents.task_text import choose_task_text

        checkout = Path(self.mlebench_dir).expanduser() if self.mlebench_dir else None
        return choose_task_text(
            competition_id, self.layout.public_dir(competition_id), checkout, self.description
        )

    def raw_source(self) -> RawSource:
        if self.source == "sample":
            from mle_pipeline.sources.sample import SampleSource

            return SampleSource()
        if self.source == "mirror":
            from mle_pipeline.sources.mirror import MirrorSource

            if not self.mirror_dir:
                raise ValueError(
                    "source 'mirror' needs a folder of Kaggle zips: --mirror DIR, "
                    "$MLE_PIPELINE_MIRROR, or the settings resource's mirror_dir"
                )
            return MirrorSource(Path(self.mirror_dir).expanduser())
        if self.source == "kaggle":
            from mle_pipeline.sources.kaggle import KaggleSource

            return KaggleSource()
        raise ValueError(f"unknown source {self.source!r}; choose one of {SOURCES}")

    def agent_runner(self):
        if self.runner == "local":
            from mle_pipeline.agents.local_runner import LocalRunner

            return LocalRunner(hidden=(self.layout.root,))
        if self.runner == "docker":
            from mle_pipeline.agents.docker_runner import DockerRunner

            return DockerRunner()
        raise ValueError(f"unknown runner {self.runner!r}; choose one of {RUNNERS}")


def _float_env(name: str) -> float | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"${name} must be a number, got {value!r}") from None


def settings_from_env(**overrides: object) -> PipelineSettings:
    """Resource configuration from MLE_PIPELINE_* variables; non-None overrides win."""
    env = os.environ
    fields: dict[str, object] = {
        "data_root": env.get("MLE_PIPELINE_DATA"),
        "source": env.get("MLE_PIPELINE_SOURCE", "sample"),
        "mirror_dir": env.get("MLE_PIPELINE_MIRROR"),
        "runner": env.get("MLE_PIPELINE_RUNNER", "local"),
        "verify": env.get("MLE_PIPELINE_VERIFY", "0") == "1",
        "mlebench_dir": env.get("MLE_PIPELINE_MLEBENCH"),
        "description": env.get("MLE_PIPELINE_DESCRIPTION", "full"),
        "plagiarism_threshold": _float_env("MLE_PIPELINE_PLAGIARISM_THRESHOLD"),
        "keep_raw": env.get("MLE_PIPELINE_KEEP_RAW", "1") != "0",
        "time_limit_seconds": _float_env("MLE_PIPELINE_TIME_LIMIT"),
    }
    fields.update({k: v for k, v in overrides.items() if v is not None})
    return PipelineSettings(**fields)
