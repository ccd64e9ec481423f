"""``leaderboard``: every graded report on record, aggregated per agent and split.

Unpartitioned and rebuilt by the nightly schedule or the CLI (an unpartitioned asset over
many partitions never shows as stale). It reads report files through ``deps``, not as
inputs, so a missing partition never blocks it.
"""

from collections.abc import Sequence

from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, MetadataValue, asset

from mle_pipeline.assets.grading import graded_report_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.leaderboard.aggregate import aggregate
from mle_pipeline.leaderboard.render import to_markdown, write_outputs


def build_leaderboard(agents: Sequence[str]) -> AssetsDefinition:
    @asset(
        key="leaderboard",
        deps=[graded_report_key(a) for a in agents],
        group_name="leaderboard",
        kinds={"duckdb", "parquet"},
        owners=["team:ml-infra"],
        tags={"mle_pipeline/stage": "leaderboard"},
        description="Any-medal % (and gold/silver/bronze/median/valid %) per agent and split, "
        "mean ± SEM over seeds.",
    )
    def leaderboard(
        context: AssetExecutionContext, settings: PipelineSettings
    ) -> MaterializeResult:
        layout = settings.layout
        frame = aggregate(layout.reports_root)
        paths = write_outputs(frame, layout.leaderboard_dir)
        context.log.info("\n" + to_markdown(frame))
        return MaterializeResult(
            metadata={
                "rows": len(frame),
                "table": MetadataValue.md(to_markdown(frame)),
                **{f"{ext}_path": MetadataValue.path(str(p)) for ext, p in paths.items()},
            }
        )

    return leaderboard
