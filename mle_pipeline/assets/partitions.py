"""Partitions: one per competition, and competition × seed from the agent run on."""

from dagster import (
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
