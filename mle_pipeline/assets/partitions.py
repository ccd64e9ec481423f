"""Partitions: one per competition, and competition × seed from the agent run on."""

from collections.abc import Sequence

from dagster import (
    DagsterInstance,
    DynamicPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
)

from mle_pipeline.registry import all_competitions

competition_partitions = StaticPartitionsDefinition(sorted(all_competitions()))
# Seeds are added on demand (`mle-pipeline run --seeds N` adds 0..N-1).
seed_partitions = DynamicPartitionsDefinition(name="seed")
competition_seed_partitions = MultiPartitionsDefinition(
    {"competition": competition_partitions, "seed": seed_partitions}
)


def run_key(competition_id: str, seed: int | str) -> MultiPartitionKey:
    """Always build keys by dimension name: string keys order dimensions alphabetically."""
    return MultiPartitionKey({"competition": competition_id, "seed": str(seed)})


def add_seeds(instance: DagsterInstance, seeds: Sequence[int]) -> None:
    """Create the seed partitions that do not exist yet (the UI can launch runs on them)."""
    existing = set(instance.get_dynamic_partitions(seed_partitions.name))
    missing = [str(s) for s in seeds if str(s) not in existing]
    if missing:
        instance.add_dynamic_partitions(seed_partitions.name, missing)
