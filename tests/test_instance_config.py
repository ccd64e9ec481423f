"""dagster.yaml and its fleet alternatives are valid for the installed Dagster 1.13,
dagster-postgres and dagster-docker (schemas only; tests/test_postgres.py uses a server)."""

from pathlib import Path

import pytest
import yaml
from dagster import DagsterInstance
from dagster._config import validate_config
from dagster._core.instance.config import dagster_instance_config

REPO = Path(__file__).resolve().parents[1]
MAIN = REPO / "dagster.yaml"
FLEET = REPO / "deploy" / "dagster.yaml"


def alternative(block: str) -> dict:
    """The commented `# >>> <block>` ... `# <<< <block>` of the repo's dagster.yaml."""
    lines = MAIN.read_text().splitlines()
    start, end = lines.index(f"# >>> {block}") + 1, lines.index(f"# <<< {block}")
    assert all(line.startswith("# ") or line == "#" for line in lines[start:end])
    return yaml.safe_load("\n".join(line[2:] for line in lines[start:end]))


def _home(tmp_path: Path, config: dict, monkeypatch) -> Path:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(config))
    return tmp_path


def test_main_config_loads(tmp_path: Path, monkeypatch) -> None:
    home = _home(tmp_path, yaml.safe_load(MAIN.read_text()), monkeypatch)
    with DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 2


def test_postgres_alternative_matches_the_schema(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("dagster_postgres")
    for name in ("HOST", "USER", "PASSWORD", "DB"):
        monkeypatch.setenv(f"MLE_PIPELINE_PG_{name}", "x")
    config = {**yaml.safe_load(MAIN.read_text()), **alternative("postgres storage")}
    home = _home(tmp_path, config, monkeypatch)
    validated, _ = dagster_instance_config(str(home))
    db = validated["storage"]["postgres"]["postgres_db"]
    assert db["scheme"] == "postgresql+psycopg2" and db["port"] == 5432


def test_docker_launcher_alternative_builds_the_launcher(tmp_path: Path, monkeypatch) -> None:
    from dagster_docker import DockerRunLauncher

    config = {**yaml.safe_load(MAIN.read_text()), **alternative("docker run launcher")}
    home = _home(tmp_path, config, monkeypatch)
    with DagsterInstance.from_config(str(home)) as instance:
        launcher = instance.run_launcher
        assert isinstance(launcher, DockerRunLauncher)
        assert launcher.image == "mle-pipeline/dagster:latest"
        assert launcher.networks == ["mle-pipeline"]
        assert "MLE_PIPELINE_PG_HOST" in launcher.env_vars
        assert launcher.container_kwargs["volumes"][0].endswith(":/data/mle-pipeline")


def test_fleet_config_is_the_documented_alternatives(tmp_path: Path, monkeypatch) -> None:
    from dagster_docker import DockerRunLauncher

    fleet = yaml.safe_load(FLEET.read_text())
    assert fleet["storage"] == alternative("postgres storage")["storage"]
    assert fleet["run_launcher"] == alternative("docker run launcher")["run_launcher"]
    for name in ("HOST", "USER", "PASSWORD", "DB"):
        monkeypatch.setenv(f"MLE_PIPELINE_PG_{name}", "x")
    validated, _ = dagster_instance_config(str(_home(tmp_path, fleet, monkeypatch)))
    launcher_config = validated["run_launcher"]["config"]
    assert validate_config(DockerRunLauncher.config_type(), launcher_config).success
    DockerRunLauncher(**launcher_config)  # its own checks (network vs networks, kwargs)
    main = yaml.safe_load(MAIN.read_text())
    assert fleet["concurrency"]["pools"] == main["concurrency"]["pools"]


def test_helm_values_sketch_mirrors_the_instance_config() -> None:
    values = yaml.safe_load((REPO / "deploy" / "helm-values.yaml").read_text())
    main = yaml.safe_load(MAIN.read_text())["concurrency"]
    assert values["concurrency"]["pools"]["defaultLimit"] == main["pools"]["default_limit"]
    # No tag limit anywhere: one would serialize a split backfill's runs.
    assert "tagConcurrencyLimits" not in values["concurrency"]["runs"]
    assert "tag_concurrency_limits" not in main["runs"]
    (deployment,) = values["dagster-user-deployments"]["deployments"]
    assert deployment["dagsterApiGrpcArgs"] == ["--module-name", "mle_pipeline.definitions"]
    assert values["runLauncher"]["type"] == "K8sRunLauncher"
    assert values["postgresql"]["postgresqlScheme"] == "postgresql+psycopg2"
