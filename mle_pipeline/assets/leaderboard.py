"""``leaderboard``: every graded report on record, aggregated per agent and split.

Unpartitioned and rebuilt by the nightly schedule, the CLI, or the automation sensor after
new reports (an unpartitioned asset over
many partitions never shows as stale). It reads report files through ``deps``, not as
inputs, so a missing partition never blocks it.
"""

from collections.abc import Sequence

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    AutomationCondition,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mle_pipeline.assets.grading import graded_report_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.leaderboard.render import (
    flagged_listing,
    listing,
    to_markdown,
    write_outputs,
)
from mle_pipeline.leaderboard.vouch import build_vouched


class LeaderboardConfig(Config):
    """``exclude_flagged``: runs an integrity check flagged win no medal (Launchpad)."""

    exclude_flagged: bool = False


def flagged_markdown(data) -> str:
    heading, lines = flagged_listing(data)
    return "\n".join([heading, "", *(f"- {line}" for line in lines)]) if heading else "none"


def build_leaderboard(agents: Sequence[str]) -> AssetsDefinition:
    @asset(
        key="leaderboard",
        deps=[graded_report_key(a) for a in agents],
        # Rebuilt after new reports, once none is in progress; most report partitions are
        # missing by design, so eager()'s "no dependency missing" rule is dropped.
        automation_condition=AutomationCondition.eager().without(
            ~AutomationCondition.any_deps_missing()
        ),
        group_name="leaderboard",
        kinds={"duckdb", "parquet", "html"},
        owners=["team:ml-infra"],
        tags={"mle_pipeline/stage": "leaderboard"},
        description="Any-medal % (and gold/silver/bronze/median/valid %) per agent and split, "
        "mean ± SEM over seeds; Markdown, JSON, CSV, Parquet and a self-contained HTML page "
        "with charts. Counts only report files a graded_report materialization vouches for "
        "(sha256 recorded); others are excluded and listed. Unreadable report files are "
        "skipped with a warning.",
    )
    def leaderboard(
        context: AssetExecutionContext, settings: PipelineSettings, config: LeaderboardConfig
    ) -> MaterializeResult:
        layout = settings.layout
        # A bad report file is a warning, never a failed (nightly) rebuild.
        data = build_vouched(
            context.instance,
            layout,
            warn=context.log.warning,
            exclude_flagged=config.exclude_flagged,
        )
        paths = write_outputs(data, layout.leaderboard_dir)
        table = to_markdown(data)
        context.log.info("\n" + table)
        return MaterializeResult(
            metadata={
                "rows": len(data.summary),
                "competition_rows": len(data.competitions),
                "sample_data": data.has_sample_data,
                "skipped_reports": len(data.skipped),
                "skipped_files": listing(data.skipped),
                "excluded_reports": len(data.excluded),
                "excluded_files": listing(data.excluded),
                "open_experiments": ", ".join(data.open_experiments),
                "exclude_flagged": data.exclude_flagged,
                "flagged_runs": len(data.flagged),
                "flagged": MetadataValue.md(flagged_markdown(data)),
                "table": MetadataValue.md(table),
                **{f"{ext}_path": MetadataValue.path(str(p)) for ext, p in paths.items()},
            }
        )

    return leaderboard
