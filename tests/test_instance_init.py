"""The CLI's instance opens cleanly after a process was killed while creating it."""

from pathlib import Path

from mle_pipeline.assets.partitions import seed_partitions
from mle_pipeline.instance import get_instance


def test_instance_left_half_created_by_a_killed_process_opens(tmp_path: Path, monkeypatch) -> None:
    # What SIGKILL leaves when it lands inside the event log's first initialisation: the
    # index database file exists (so it is not created again) but has no tables yet.
    home = tmp_path / "home"
    index = home / "history" / "runs" / "index.db"
    index.parent.mkdir(parents=True)
    index.touch()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = get_instance()
    instance.add_dynamic_partitions(seed_partitions.name, ["0"])
    assert instance.get_dynamic_partitions(seed_partitions.name) == ["0"]
