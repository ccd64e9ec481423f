"""The persistent Dagster instance the CLI and ``mle-pipeline ui`` share (no code location)."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import AssetKey, DagsterInstance

from mle_pipeline.assets.partitions import add_seeds, seed_partitions
from mle_pipeline.atomic import exclusive_lock


def default_dagster_home() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "mle-pipeline" / "dagster_home"


def get_instance() -> DagsterInstance:
    """The persistent instance of ``$DAGSTER_HOME``, by default ``default_dagster_home()``:
    the one ``mle-pipeline ui`` opens in ``dagster dev``, so the UI shows the CLI's runs.

    Two processes opening a fresh SQLite instance at once race to create its tables, so the
    first use of each storage happens under a lock in ``$DAGSTER_HOME``.
    """
    if not os.environ.get("DAGSTER_HOME"):
        home = default_dagster_home()
        home.mkdir(parents=True, exist_ok=True)
        config = home / "dagster.yaml"
        if not config.exists():
            config.write_text(
                "# Written by mle-pipeline; see the repository's dagster.yaml.\n"
                "telemetry:\n  enabled: false\n"
            )
        os.environ["DAGSTER_HOME"] = str(home)
    home = Path(os.environ["DAGSTER_HOME"])
    with exclusive_lock(home / ".mle-pipeline-instance.lock"):
        instance = DagsterInstance.get()
        instance.get_runs(limit=1)
        # Before the dynamic partitions: the event log creates its index tables on its first
        # connection, but its dynamic-partitions check looks for the table without one, so
        # an index left half-created by a killed process would fail it until this ran.
        instance.fetch_materializations(AssetKey("prepared"), limit=1)
        instance.get_dynamic_partitions(seed_partitions.name)
    return instance


__all__ = ["add_seeds", "default_dagster_home", "get_instance"]
