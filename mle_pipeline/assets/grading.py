"""``<agent>/graded_report``: the run's submission graded against the private answers."""

from collections.abc import Callable
from pathlib import Path

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetMaterialization,
    AssetRecordsFilter,
    AssetsDefinition,
    AssetSelection,
    AutomationCondition,
    DagsterInstance,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    MultiToSingleDimensionPartitionMapping,
    asset,
)

from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.assets.agent_runs import PREPARED_DEP, agent_run_key
from mle_pipeline.assets.code_versions import GRADE_CODE
from mle_pipeline.assets.metadata import data_label
from mle_pipeline.assets.partitions import competition_seed_partitions, run_key, seed_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.atomic import file_digests, remove_stale_temporaries, write_json
from mle_pipeline.experiments import EXPERIMENT_TAG
from mle_pipeline.grading.grade import grade_submission
from mle_pipeline.grading.paths import RefusedSubmissionPath, check_submission_path
from mle_pipeline.leaderboard.vouch import REPORT_SHA256, graded_report_key
from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest
from mle_pipeline.registry import get_competition
from mle_pipeline.version_tags import DATA_VERSION_TAG

PREPARED_VERSION_KEY = "prepared_data_version"
GRADE_CODE_DEP = AssetDep(
    GRADE_CODE,
    partition_mapping=MultiToSingleDimensionPartitionMapping(
        partition_dimension_name="competition"
    ),
)
RAW_VERSION_KEY = "raw_data_version"


def imported_report_recorder(instance: DagsterInstance) -> Callable[[Path, dict], None]:
    """Vouch for reports ``import-reports`` writes: a runless materialization of each one's
    (competition, seed) partition, labelled imported, with the file's sha256."""
    seeds: set[str] = set()

    def record(target: Path, report: dict) -> None:
        seed = str(report["seed"])
        if seed not in seeds:  # so the partition exists in the UI too
            instance.add_dynamic_partitions(seed_partitions.name, [seed])
            seeds.add(seed)
        sha256 = file_digests(target)["sha256"]
        instance.report_runless_asset_event(
            AssetMaterialization(
                asset_key=graded_report_key(report["agent"]),
                partition=str(run_key(report["competition_id"], seed)),
                description=f"imported from {report['imported_from']}",
                metadata={
                    REPORT_SHA256: sha256,
                    "imported": True,
                    "imported_from": report["imported_from"],
                    "report": MetadataValue.path(str(target)),
                },
                tags={DATA_VERSION_TAG: sha256},
            )
        )

    return record


def run_experiment(context: AssetExecutionContext, agent: str) -> str | None:
    """The experiment of the run that produced the agent's workspace: this run's tag when
    it ran the agent too, else that run's (a report regraded on its own, by `run` or a
    backfill, keeps its experiment; this run's tag if that run had none); ``None`` for
    runs without one."""
    tagged = context.run.tags.get(EXPERIMENT_TAG) or None
    selected = context.run.asset_selection or context.job_def.asset_layer.selected_asset_keys
    if agent_run_key(agent) in selected:
        return tagged  # the workspace is this run's own
    records = context.instance.fetch_materializations(
        AssetRecordsFilter(
            asset_key=agent_run_key(agent), asset_partitions=[str(context.partition_key)]
        ),
        limit=1,
    ).records
    run = context.instance.get_run_by_id(records[0].run_id) if records else None
    return (run.tags.get(EXPERIMENT_TAG) if run else None) or tagged


def build_graded_report(agent: str) -> AssetsDefinition:
    @asset(
        key=graded_report_key(agent),
        # prepared too: grading reads its answers, and a new prepared version makes the
        # report stale in Dagster (staleness is only reported one dependency deep);
        # grade_code: a new version of the competition's grader makes it stale too
        deps=[agent_run_key(agent), PREPARED_DEP, GRADE_CODE_DEP],
        partitions_def=competition_seed_partitions,
        # A new agent run (from the UI, a backfill without this asset) gets its report.
        # Not on a new prepared or grader version: `run` decides what those redo.
        automation_condition=AutomationCondition.eager().ignore(
            AssetSelection.assets("prepared", GRADE_CODE)
        ),
        group_name="grading",
        kinds={"python", "json"},
        owners=["team:ml-infra"],
        tags={"mle_pipeline/stage": "grading", "mle_pipeline/agent": agent},
        description=f"MLE-bench grading report of agent '{agent}' (score, thresholds, medals).",
    )
    def _graded_report(
        context: AssetExecutionContext, settings: PipelineSettings
    ) -> MaterializeResult:
        keys = context.partition_key.keys_by_dimension
        competition = get_competition(keys["competition"])
        seed = int(keys["seed"])
        layout = settings.layout
        workspace = Workspace(layout.run_dir(agent, competition.id, seed))
        if not workspace.result.is_file():
            raise FileNotFoundError(
                f"{workspace.result} is missing: the agent run did not finish; materialize "
                f"{agent}/agent_run for {competition.id} seed {seed} first"
            )
        outcome = RunOutcome.load(workspace.result)
        graded_from = Manifest.load(layout.competition_dir(competition.id) / PREPARED_MANIFEST)
        answers = layout.prepared_dir(competition.id) / competition.answers
        refused = None
        if workspace.submission.exists() or workspace.submission.is_symlink():
            try:
                check_submission_path(
                    workspace.submission,
                    allowed_roots=[workspace.submission_dir],
                    private_dirs=[layout.private_dir(competition.id)],
                    answers_files=[answers],
                )
            except RefusedSubmissionPath as err:
                refused = str(err)
                context.log.warning(f"submission refused: {refused}")
        report = grade_submission(
            competition,
            workspace.submission,
            answers,
            refused_reason=refused,
            preparation_variant=outcome.preparation_variant,
            data_source=outcome.data_source,
            sample_data=outcome.sample_data,
            agent=agent,
            seed=seed,
            extra={"run_exit_code": outcome.exit_code, "run_timed_out": outcome.timed_out},
        )
        report = report.model_copy(
            update={
                "experiment": run_experiment(context, agent),
                "description": outcome.description,
                "description_sha256": outcome.description_sha256,
            }
        )
        path: Path = layout.report_path(agent, competition.id, seed)
        remove_stale_temporaries(path.parent, path.name)  # left by a killed grading step
        write_json(path, report.to_dict())
        medal = next(
            (m for m in ("gold", "silver", "bronze") if getattr(report, f"{m}_medal")), "none"
        )
        # The leaderboard counts this file only while its bytes still hash to this record.
        sha256 = file_digests(path)["sha256"]
        return MaterializeResult(
            data_version=DataVersion(sha256),
            metadata={
                REPORT_SHA256: sha256,
                "data": data_label(report.sample_data),
                "score": report.score if report.score is not None else float("nan"),
                "valid_submission": report.valid_submission,
                "invalid_reason": report.invalid_reason or "",
                "medal": medal,
                "above_median": report.above_median,
                "experiment": report.experiment or "",
                "description": report.description or "",
                "description_sha256": report.description_sha256 or "",
                "report": MetadataValue.path(str(path)),
                # lineage: report -> prepared -> raw (`mle-pipeline lineage` reads these)
                PREPARED_VERSION_KEY: graded_from.data_version if graded_from else "",
                RAW_VERSION_KEY: (graded_from.upstream_version or "") if graded_from else "",
            },
        )

    return _graded_report
