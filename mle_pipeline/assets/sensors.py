"""Seed partitions 0..2 exist on any instance the UI runs on, without making them by hand.

``mle-pipeline ui`` and ``mle-pipeline run`` create seeds themselves; this sensor covers a
plain ``dagster dev`` (its daemon evaluates it within a minute of starting).
"""

from dagster import (
    DefaultSensorStatus,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from mle_pipeline.assets.partitions import seed_partitions

DEFAULT_SEEDS = ("0", "1", "2")


@sensor(
    name="default_seeds",
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description="Adds seed partitions 0, 1 and 2 when missing, so agent runs can be launched.",
)
def default_seeds(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    existing = set(context.instance.get_dynamic_partitions(seed_partitions.name))
    missing = [seed for seed in DEFAULT_SEEDS if seed not in existing]
    if not missing:
        return SkipReason("seeds 0, 1 and 2 exist")
    return SensorResult(dynamic_partitions_requests=[seed_partitions.build_add_request(missing)])
