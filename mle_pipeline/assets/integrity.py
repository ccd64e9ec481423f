"""Integrity checks on each ``<agent>/agent_run`` partition (competition × seed).

They sit on the agent run, not the graded report: the evidence (code, logs, audit file)
belongs to the run, they never need the answers, a crashed run is checked too, and a
regrade does not redo them. Each is an asset check, so materializing an agent run
(UI, backfill or ``mle-pipeline run``) evaluates it on the same partition, and
**Execute** in the UI reruns it alone. None is blocking: the run is graded either way,
and the leaderboard reads the verdicts (``integrity/verdict.py``).

Statuses map to Dagster as: passed -> passed; flagged -> failed, ERROR; not run (no
evidence or no configuration) -> failed, WARN, with ``status: not run`` in the metadata.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetDep,
    MetadataValue,
    MultiToSingleDimensionPartitionMapping,
    asset_check,
)

from mle_pipeline.agents.outcome import RunOutcome
from mle_pipeline.agents.workspace import Workspace
from mle_pipeline.assets.agent_runs import agent_run_key
from mle_pipeline.assets.partitions import competition_seed_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.integrity import rule_check, similarity
from mle_pipeline.integrity.kernels import language_hint, reference_files
from mle_pipeline.integrity.signals import Signals
from mle_pipeline.integrity.verdict import FLAGGED, NOT_RUN, PASSED, Verdict

SIGNALS_CHECK = "integrity_signals"
PLAGIARISM_CHECK = "plagiarism"
KERNELS_DEP = AssetDep(
    "reference_kernels",
    partition_mapping=MultiToSingleDimensionPartitionMapping(
        partition_dimension_name="competition"
    ),
)


def _metadata_value(value: object) -> object:
    if isinstance(value, (dict, list)):
        return MetadataValue.json(value)
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def check_result(verdict: Verdict) -> AssetCheckResult:
    """The Dagster result of a verdict (``status`` is always in the metadata)."""
    metadata = {"status": verdict.status, **verdict.details}
    return AssetCheckResult(
        check_name=verdict.check,
        passed=verdict.status == PASSED,
        severity=AssetCheckSeverity.ERROR if verdict.flagged else AssetCheckSeverity.WARN,
        description=verdict.summary,
        metadata={k: _metadata_value(v) for k, v in metadata.items()},
    )


def _workspace(context: AssetCheckExecutionContext, settings: PipelineSettings, agent: str):
    keys = context.partition_key.keys_by_dimension
    return Workspace(settings.layout.run_dir(agent, keys["competition"], keys["seed"]))


def signals_verdict(workspace: Workspace) -> Verdict:
    """The deterministic signals recorded in ``run.json`` as a verdict."""
    if not workspace.result.is_file():
        return Verdict(SIGNALS_CHECK, NOT_RUN, f"no run.json in {workspace.run_dir}")
    outcome = RunOutcome.load(workspace.result)
    if not outcome.integrity:
        return Verdict(SIGNALS_CHECK, NOT_RUN, "the run recorded no integrity signals")
    signals = Signals.from_dict(outcome.integrity)
    details = outcome.integrity | {"flagged": bool(signals.reasons), "reasons": signals.reasons}
    if signals.reasons:
        return Verdict(SIGNALS_CHECK, FLAGGED, "; ".join(signals.reasons), details)
    sample = " (submission = sample submission)" if signals.submission_is_sample else ""
    if signals.audit != "recorded":
        return Verdict(
            SIGNALS_CHECK,
            NOT_RUN,
            "no audit record (not a Python agent, or its audit file was removed): network "
            f"and reads not observed{sample}",
            details,
        )
    return Verdict(SIGNALS_CHECK, PASSED, f"no network attempt, no read outside{sample}", details)


def plagiarism_verdict(
    workspace: Workspace, competition_id: str, settings: PipelineSettings
) -> Verdict:
    """The agent's code against its competition's reference notebooks."""
    threshold = settings.plagiarism_threshold_value
    manifest, references = reference_files(settings.layout, competition_id)
    if manifest is None:
        return Verdict(
            PLAGIARISM_CHECK,
            NOT_RUN,
            f"reference_kernels is not materialized for {competition_id}: no references",
        )
    scripts = []
    if workspace.result.is_file():
        scripts = RunOutcome.load(workspace.result).integrity.get("scripts_run", [])
    files, left = similarity.limit_files(similarity.agent_code_files(workspace.home, scripts))
    details: dict = {
        "threshold": threshold,
        "references": len(references),
        "references_data": "offline sample data" if manifest.get("sample_data") else "Kaggle",
        "agent_files": [str(f.relative_to(workspace.home.resolve())) for f in files],
    }
    if left:
        details["files_not_compared"] = left
    if not references:
        return Verdict(PLAGIARISM_CHECK, NOT_RUN, "no reference notebook available", details)
    agent_prints, skipped = [], []
    for path in files:
        try:
            code = similarity.read_code(path)
        except (similarity.CodeError, OSError) as err:
            skipped.append(str(err))
            continue
        name = str(path.relative_to(workspace.home.resolve()))
        agent_prints.append(similarity.fingerprint(name, code, similarity.language_of(path)))
    reference_prints = []
    for path in references:
        try:
            code = similarity.read_code(path)
        except (similarity.CodeError, OSError) as err:
            skipped.append(str(err))
            continue
        reference_prints.append(similarity.fingerprint(path.stem, code, language_hint(path)))
    if skipped:
        details["skipped"] = skipped
    match = similarity.best_match(agent_prints, reference_prints)
    if match is None:
        return Verdict(
            PLAGIARISM_CHECK, NOT_RUN, "the run left no code to compare (code/ is empty)", details
        )
    details |= {
        "most_similar_reference": match.reference.replace("__", "/", 1),
        "agent_file": match.agent_file,
        "similarity": match.similarity,
        "reference_similarity": match.reference_similarity,
        "fragments": match.fragments,
    }
    summary = (
        f"{match.agent_file} is {match.similarity:.0%} similar to "
        f"{details['most_similar_reference']} (threshold {threshold:.0%})"
    )
    status = FLAGGED if match.similarity >= threshold else PASSED
    return Verdict(PLAGIARISM_CHECK, status, summary, details)


def build_integrity_checks(agent: str) -> list[AssetChecksDefinition]:
    """The integrity checks of one agent's runs."""

    @asset_check(
        asset=agent_run_key(agent),
        name=SIGNALS_CHECK,
        partitions_def=competition_seed_partitions,
        description="Deterministic signals recorded by the runner: network attempts with "
        "network: false, reads outside the workspace, submission = sample submission.",
    )
    def _signals(context: AssetCheckExecutionContext, settings: PipelineSettings):
        workspace = _workspace(context, settings, agent)
        verdict = signals_verdict(workspace)
        verdict.save(workspace.run_dir)
        return check_result(verdict)

    @asset_check(
        asset=agent_run_key(agent),
        name=PLAGIARISM_CHECK,
        partitions_def=competition_seed_partitions,
        additional_deps=[KERNELS_DEP],
        description="The agent's code (code/ and the scripts it ran) against the public "
        "notebooks MLE-bench lists for the competition (copydetect fingerprints).",
    )
    def _plagiarism(context: AssetCheckExecutionContext, settings: PipelineSettings):
        workspace = _workspace(context, settings, agent)
        cid = context.partition_key.keys_by_dimension["competition"]
        verdict = plagiarism_verdict(workspace, cid, settings)
        verdict.save(workspace.run_dir)
        return check_result(verdict)

    @asset_check(
        asset=agent_run_key(agent),
        name=rule_check.CHECK,
        partitions_def=competition_seed_partitions,
        description="A language model (any OpenAI-compatible endpoint, "
        "MLE_PIPELINE_RULE_CHECK_*) reads the run's logs and code: hand-written "
        "submission, external LLM calls, forbidden resources. Not configured: not run.",
    )
    def _rules(context: AssetCheckExecutionContext, settings: PipelineSettings):
        workspace = _workspace(context, settings, agent)
        verdict = rule_check.rule_verdict(workspace.run_dir, rule_check.endpoint_from_env())
        verdict.save(workspace.run_dir)
        return check_result(verdict)

    return [_signals, _plagiarism, _rules]
