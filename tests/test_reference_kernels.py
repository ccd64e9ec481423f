"""Reference notebooks through the real ``kaggle`` client against the fake Kaggle server,
and the sample path."""

from __future__ import annotations

import json

import pytest

from mle_pipeline.integrity.kernels import (
    MANIFEST,
    SAMPLE_LABEL,
    KaggleKernelFetcher,
    SampleKernelFetcher,
    fetch_references,
    kernels_dir,
    reference_list,
)
from mle_pipeline.layout import DataLayout
from mle_pipeline.sources.kaggle import KaggleNetworkError, KaggleSource
from tests.fake_kaggle import GET_KERNEL
from tests.test_kaggle_source import fake, home, kaggle_at, sleeps  # noqa: F401 - fixtures

NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "source": "import pandas as pd\n"}]})
REFS = ["alice/eda-notebook", "bob/fast-script", "carol/deleted-one"]


@pytest.fixture
def kernels(kaggle_at):  # noqa: F811 - the fixture above
    kaggle_at.add_kernel(REFS[0], NOTEBOOK)
    kaggle_at.add_kernel(REFS[1], "print('hello')\n", kernel_type="script")
    return kaggle_at


def fetcher(sleeps: list[float], **kwargs) -> KaggleKernelFetcher:  # noqa: F811
    source = KaggleSource(retries=2, backoff_seconds=1.0, sleep=sleeps.append, **kwargs)
    return KaggleKernelFetcher(source)


def test_every_listed_competition_has_a_valid_list() -> None:
    refs = reference_list("spaceship-titanic")
    assert len(refs) > 10 and all(r.count("/") == 1 for r in refs)


def test_kernels_pull_writes_each_notebook_and_records_the_missing(kernels, tmp_path, sleeps):  # noqa: F811
    layout = DataLayout(tmp_path)
    manifest = fetch_references("comp-a", layout, fetcher(sleeps), refs=REFS)
    folder = kernels_dir(layout, "comp-a")
    assert (folder / "alice__eda-notebook.ipynb").read_text() == NOTEBOOK
    assert (folder / "bob__fast-script.py").read_text() == "print('hello')\n"
    assert manifest["fetched"] == 2 and manifest["sample_data"] is False
    missing = manifest["kernels"][2]
    assert missing["status"] == "unavailable" and "carol/deleted-one" == missing["ref"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["alice__eda-notebook.ipynb", "bob__fast-script.py", MANIFEST]
    )
    assert sleeps == []  # a 404 is not retried

    before = kernels.count(GET_KERNEL)
    again = fetch_references("comp-a", layout, fetcher(sleeps), refs=REFS)
    assert again["reused"] == 2
    assert kernels.count(GET_KERNEL) == before + 1  # only the missing one is asked again


@pytest.mark.parametrize("mode", ["500", "503", "429", "drop"])
def test_a_transient_failure_is_retried(kernels, tmp_path, sleeps, mode):  # noqa: F811
    kernels.fail("kernel", mode)
    manifest = fetch_references("c", DataLayout(tmp_path), fetcher(sleeps), refs=REFS[:1])
    assert manifest["fetched"] == 1 and len(sleeps) == 1


def test_a_stalled_server_times_out_and_leaves_nothing(kernels, tmp_path, sleeps):  # noqa: F811
    kernels.fail("kernel", "stall", "stall", "stall")
    layout = DataLayout(tmp_path)
    with pytest.raises(KaggleNetworkError, match="timed out"):
        fetch_references("c", layout, fetcher(sleeps, timeout_seconds=0.5), refs=REFS[:1])
    assert len(sleeps) == 2
    assert list(kernels_dir(layout, "c").iterdir()) == []  # no partial file, no temp folder


def test_sample_notebooks_are_small_and_labelled(tmp_path) -> None:
    layout = DataLayout(tmp_path)
    manifest = fetch_references("spaceship-titanic", layout, SampleKernelFetcher())
    assert manifest["sample_data"] is True and manifest["fetched"] == 3
    for entry in manifest["kernels"]:
        text = (kernels_dir(layout, "spaceship-titanic") / entry["file"]).read_text()
        assert SAMPLE_LABEL in text and entry["ref"] in text and len(text) < 4000


def test_a_bad_list_line_names_the_file(tmp_path) -> None:
    (tmp_path / "x.txt").write_text("alice/ok\nnot a ref\n")
    with pytest.raises(ValueError, match=r"x\.txt:2"):
        reference_list("x", tmp_path)
