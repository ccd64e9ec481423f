"""``reference_kernels``: the public notebooks MLE-bench uses as plagiarism references.

Partitioned per competition like ``raw``; fetched from the configured source (Kaggle's
``kernels pull``, a mirror's ``kernels/<id>/`` folder, or small synthetic notebooks
labelled as offline sample data), atomically and resumably (``integrity/kernels.py``).
"""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, MetadataValue, asset

from mle_pipeline.assets.metadata import data_label
from mle_pipeline.assets.partitions import competition_partitions
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.integrity.kernels import (
    KaggleKernelFetcher,
    MirrorKernelFetcher,
    SampleKernelFetcher,
    fetch_references,
    kernels_dir,
)


def kernel_fetcher(settings: PipelineSettings, competition_id: str):
    """The fetcher for the configured raw-data source."""
    if settings.source == "sample":
        return SampleKernelFetcher()
    if settings.source == "kaggle":
        return KaggleKernelFetcher()
    if settings.source == "mirror" and settings.mirror_dir:
        from pathlib import Path

        return MirrorKernelFetcher(Path(settings.mirror_dir).expanduser(), competition_id)
    settings.raw_source()  # raises the source's own configuration error
    raise ValueError(f"no notebook source for {settings.source!r}")


@asset(
    key="reference_kernels",
    partitions_def=competition_partitions,
    group_name="integrity",
    kinds={"python", "file"},
    owners=["team:ml-infra"],
    pool="raw_download",
    backfill_policy=BackfillPolicy.multi_run(1),
    tags={"mle_pipeline/stage": "download"},
    description="Public Kaggle notebooks MLE-bench lists as plagiarism references for one "
    "competition (<root>/<id>/kernels).",
)
def reference_kernels(context: AssetExecutionContext, settings: PipelineSettings):
    cid = context.partition_key
    fetcher = kernel_fetcher(settings, cid)
    manifest = fetch_references(cid, settings.layout, fetcher, log=context.log.info)
    unavailable = [k for k in manifest["kernels"] if k["status"] != "fetched"]
    if unavailable:
        context.log.warning(
            f"{cid}: {len(unavailable)} of {manifest['listed']} notebooks unavailable "
            f"(first: {unavailable[0]['ref']}: {unavailable[0]['reason']})"
        )
    return MaterializeResult(
        metadata={
            "data": data_label(manifest["sample_data"]),
            "source": manifest["source"],
            "listed": manifest["listed"],
            "fetched": manifest["fetched"],
            "reused": manifest["reused"],
            "unavailable": MetadataValue.json(
                [{"ref": k["ref"], "reason": k["reason"]} for k in unavailable]
            ),
            "path": MetadataValue.path(str(kernels_dir(settings.layout, cid))),
        }
    )
