"""Shared fixtures: a prepared sample competition in a temp data root, and leaderboards."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import DagsterInstance, materialize

from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import ensure_prepared, ensure_raw
from mle_pipeline.registry import all_competitions, get_competition
from mle_pipeline.sources.sample import SampleSource

SHARED = Path(__file__).resolve().parents[2] / "shared"
LEADERBOARDS = SHARED / "mlebench-leaderboards"


@pytest.fixture(scope="session")
def leaderboards_dir() -> Path:
    if not LEADERBOARDS.is_dir():
        pytest.skip(f"{LEADERBOARDS} is not present (it sits beside the checkout)")
    return LEADERBOARDS


def materialize_prepare(instance: DagsterInstance, data_root: Path, competition_id: str, **kwargs):
    """Materialize ``raw`` and ``prepared`` for one competition through Dagster."""
    return materialize(
        build_assets(["dummy"]),
        selection=["raw", "prepared"],
        partition_key=competition_id,
        instance=instance,
        resources={"settings": PipelineSettings(data_root=str(data_root))},
        **kwargs,
    )


def prepare_sample(root: Path, competition_id: str) -> DataLayout:
    """Generate, extract and prepare one competition's sample data under ``root``."""
    layout = DataLayout(root)
    competition = get_competition(competition_id)
    raw = ensure_raw(competition, layout, SampleSource())
    ensure_prepared(competition, layout, raw)
    return layout


@pytest.fixture(scope="session")
def prepared_root(tmp_path_factory: pytest.TempPathFactory):
    """A session-wide data root; each competition is prepared in it at most once."""
    root = tmp_path_factory.mktemp("data")
    done: set[str] = set()

    def get(competition_id: str) -> DataLayout:
        if competition_id not in done:
            prepare_sample(root, competition_id)
            done.add(competition_id)
        return DataLayout(root)

    return get


@pytest.fixture
def env(tmp_path: Path, monkeypatch) -> Path:
    """A fresh DAGSTER_HOME and data root for CLI runs; returns the data root."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("MLE_PIPELINE_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def unimplemented_id(monkeypatch) -> str:
    """A registered competition marked not implemented for one test (every real one may be)."""
    registry = all_competitions()
    cid = "AI4Code"
    monkeypatch.setitem(registry, cid, registry[cid].model_copy(update={"implemented": False}))
    return cid
