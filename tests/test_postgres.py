"""The fleet storage for real: Dagster's run and event history in PostgreSQL.

Needs a server: ``export MLE_PIPELINE_TEST_PG_URL="$(bash .ci/postgres.sh)"`` (what CI
does) or any ``postgresql://user:password@host:port/db`` the test may write to. Without
it, every test here is skipped.
"""

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from dagster import (
    AssetKey,
    AssetRecordsFilter,
    DagsterInstance,
    DagsterRunStatus,
    RunsFilter,
    instance_for_test,
)

from .conftest import materialize_prepare

PG_URL = os.environ.get("MLE_PIPELINE_TEST_PG_URL")
if PG_URL and PG_URL.startswith(("postgresql://", "postgres://")):
    # dagster-postgres brings psycopg2; SQLAlchemy >= 2.1 maps a bare scheme to psycopg 3.
    PG_URL = "postgresql+psycopg2://" + PG_URL.split("://", 1)[1]
pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="MLE_PIPELINE_TEST_PG_URL is not set: no PostgreSQL to test against "
    '(export MLE_PIPELINE_TEST_PG_URL="$(bash .ci/postgres.sh)" starts one)',
)
# deploy/pgbouncer.sh's URL in front of that server (CI starts it); its test skips without.
POOLED_URL = os.environ.get("MLE_PIPELINE_TEST_PGBOUNCER_URL")
CID = "spaceship-titanic"
REPO = Path(__file__).resolve().parents[1]


def _prepare(instance: DagsterInstance, data_root: Path, tag: str):
    return materialize_prepare(instance, data_root, CID, tags={"mle_pipeline/test": tag})


def test_runs_and_materializations_are_stored_in_postgres(tmp_path: Path) -> None:
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage

    tag = uuid.uuid4().hex
    overrides = {"storage": {"postgres": {"postgres_url": PG_URL}}}
    with instance_for_test(overrides=overrides) as instance:
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.run_storage, PostgresRunStorage)
        first = _prepare(instance, tmp_path / "data", tag)
        assert first.success
        run_ids = {first.run_id}

    # A fresh instance on the same database (another machine of the fleet) sees it all.
    with instance_for_test(overrides=overrides) as other:
        runs = other.get_runs(filters=RunsFilter(tags={"mle_pipeline/test": tag}))
        assert {r.run_id for r in runs} == run_ids
        assert all(r.status == DagsterRunStatus.SUCCESS for r in runs)
        records = other.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey("prepared"), asset_partitions=[CID]),
            limit=10,
        ).records
        assert {r.run_id for r in records} >= run_ids
        latest = records[0].event_log_entry.asset_materialization
        assert latest.partition == CID and "dagster/data_version" in latest.tags
        logs = other.all_logs(first.run_id)
        assert sum(e.dagster_event.is_step_success for e in logs if e.dagster_event) == 2


@pytest.mark.skipif(
    not POOLED_URL,
    reason="MLE_PIPELINE_TEST_PGBOUNCER_URL is not set: no PgBouncer to test through "
    '(export MLE_PIPELINE_TEST_PGBOUNCER_URL="$(bash deploy/pgbouncer.sh "$PG_URL")")',
)
def test_runs_through_pgbouncer_land_in_the_same_postgres(tmp_path: Path) -> None:
    """deploy/pgbouncer.sh's pooled URL is a drop-in postgres_url (deploy/README.md)."""
    tag = uuid.uuid4().hex
    pooled = {"storage": {"postgres": {"postgres_url": POOLED_URL}}}
    with instance_for_test(overrides=pooled) as instance:
        first = _prepare(instance, tmp_path / "data", tag)
        second = _prepare(instance, tmp_path / "data", tag)  # on the pooled connections
        assert first.success and second.success
    direct = {"storage": {"postgres": {"postgres_url": PG_URL}}}
    with instance_for_test(overrides=direct) as other:
        runs = other.get_runs(filters=RunsFilter(tags={"mle_pipeline/test": tag}))
        assert {r.run_id for r in runs} == {first.run_id, second.run_id}
        assert all(r.status == DagsterRunStatus.SUCCESS for r in runs)


def _uncommented(block: str) -> dict:
    """The `# >>> <block>` ... `# <<< <block>` alternative of the repo's dagster.yaml."""
    lines = (REPO / "dagster.yaml").read_text().splitlines()
    start = lines.index(f"# >>> {block}") + 1
    end = lines.index(f"# <<< {block}")
    return yaml.safe_load("\n".join(line[2:] for line in lines[start:end]))


def test_the_documented_postgres_block_works(tmp_path: Path, monkeypatch) -> None:
    """dagster.yaml's commented PostgreSQL storage, uncommented, against the server."""
    url = urlsplit(PG_URL)
    monkeypatch.setenv("MLE_PIPELINE_PG_HOST", url.hostname or "127.0.0.1")
    monkeypatch.setenv("MLE_PIPELINE_PG_USER", url.username or "")
    monkeypatch.setenv("MLE_PIPELINE_PG_PASSWORD", url.password or "")
    monkeypatch.setenv("MLE_PIPELINE_PG_DB", url.path.lstrip("/"))
    config = _uncommented("postgres storage")
    config["storage"]["postgres"]["postgres_db"]["port"] = url.port or 5432
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump({**config, "telemetry": {"enabled": False}}))
    tag = uuid.uuid4().hex
    with DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = _prepare(instance, tmp_path / "data", tag)
        assert result.success
        runs = instance.get_runs(filters=RunsFilter(tags={"mle_pipeline/test": tag}))
        assert [r.run_id for r in runs] == [result.run_id]

    # Pools are set fleet-wide with `dagster instance concurrency set` (deploy/README.md)
    # and live in the database.
    from click.testing import CliRunner
    from dagster._cli import cli

    pool = f"test_pool_{tag[:8]}"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    ran = CliRunner().invoke(cli, ["instance", "concurrency", "set", pool, "3"])
    assert ran.exit_code == 0, ran.output
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.event_log_storage.get_concurrency_info(pool).slot_count == 3
        instance.event_log_storage.delete_concurrency_limit(pool)
