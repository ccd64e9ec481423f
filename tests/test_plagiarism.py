"""The plagiarism check: the labelled set's threshold, and the check through Dagster."""

from __future__ import annotations

import json

import pytest
import yaml
from dagster import AssetKey, instance_for_test, materialize

from mle_pipeline.agents.spec import AGENTS_ENV
from mle_pipeline.assets.integrity import PLAGIARISM_CHECK
from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets
from mle_pipeline.integrity.kernels import reference_list, synthetic_notebook
from mle_pipeline.integrity.similarity import (
    DEFAULT_THRESHOLD,
    CodeError,
    agent_code_files,
    notebook_code,
)
from tests.similarity_set import DATA, scores

CID = "spaceship-titanic"
WRITER = (
    "import os, sys; open(os.path.join(os.environ['CODE_DIR'], 'solution.py'), 'w')"
    ".write(os.environ['SOLUTION'])"
)


def test_the_default_threshold_separates_the_labelled_set() -> None:
    results = scores()
    suspicious = [s for label, _, s, _ in results if label in ("copied", "edited")]
    independent = [s for label, _, s, _ in results if label == "independent"]
    assert len(suspicious) == 6 and len(independent) == 6
    assert max(independent) < DEFAULT_THRESHOLD <= min(suspicious)


def test_notebook_code_cells_only_and_bad_notebooks_named() -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "x = 1\n"]},
            {"cell_type": "code", "source": "!pip install foo\ny = 2"},
        ]
    }
    assert notebook_code(json.dumps(notebook), "n.ipynb") == "x = 1\n\ny = 2"
    with pytest.raises(CodeError, match="bad.ipynb"):
        notebook_code("{not json", "bad.ipynb")
    with pytest.raises(CodeError, match="list.ipynb"):
        notebook_code("[]", "list.ipynb")


def test_symlinks_and_data_are_never_read_as_agent_code(tmp_path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "data").mkdir()
    secret = tmp_path.parent / "answers.py"
    secret.write_text("x = 1\n")
    (tmp_path / "code" / "link.py").symlink_to(secret)
    (tmp_path / "code" / "mine.py").write_text("y = 2\n")
    (tmp_path / "data" / "ran.py").write_text("z = 3\n")
    files = agent_code_files(tmp_path, [str(secret), str(tmp_path / "data" / "ran.py")])
    assert [f.name for f in files] == ["mine.py"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("plagiarism")
    specs = tmp / "specs"
    specs.mkdir()
    reference = notebook_code(json.dumps(synthetic_notebook(reference_list(CID)[1])), "ref")
    agents = {
        "copier": reference,
        "original": (DATA / "tabular_independent_b.py").read_text(),
    }
    for name, solution in agents.items():
        spec = {"name": name, "command": ["{python}", "-c", WRITER], "env": {"SOLUTION": solution}}
        (specs / f"{name}.yaml").write_text(yaml.safe_dump(spec))
    names = [*agents, "dummy"]
    settings = PipelineSettings(runner="local", data_root=str(tmp / "data"))
    with pytest.MonkeyPatch.context() as patch, instance_for_test() as instance:
        patch.setenv(AGENTS_ENV, str(specs))
        assets = build_assets(names)
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        selection = ["raw", "prepared", "reference_kernels"]
        assert materialize(assets, selection=selection, partition_key=CID, **kwargs).success
        result = materialize(
            assets,
            selection=[AssetKey([a, "agent_run"]) for a in names],
            partition_key=run_key(CID, 0),
            **kwargs,
        )
        assert result.success
    return {
        e.asset_key.path[0]: e
        for e in result.get_asset_check_evaluations()
        if e.check_name == PLAGIARISM_CHECK
    }


def test_a_copied_reference_is_flagged_with_its_fragments(checked) -> None:
    copier = checked["copier"]
    assert not copier.passed and copier.metadata["status"].value == "flagged"
    assert copier.partition == str(run_key(CID, 0))
    assert copier.metadata["most_similar_reference"].value == reference_list(CID)[1]
    assert copier.metadata["similarity"].value >= 0.9
    fragments = copier.metadata["fragments"].value
    assert fragments["agent"] and "read_csv" in fragments["agent"][0]["text"] + json.dumps(
        fragments
    )
    assert copier.metadata["references_data"].value == "offline sample data"


def test_independent_code_passes(checked) -> None:
    original = checked["original"]
    assert original.passed, original.description
    assert original.metadata["similarity"].value < DEFAULT_THRESHOLD


def test_a_run_without_code_is_not_run_never_passed(checked) -> None:
    dummy = checked["dummy"]
    assert not dummy.passed and dummy.metadata["status"].value == "not run"


def test_only_the_largest_files_are_compared(tmp_path, monkeypatch) -> None:
    from mle_pipeline.integrity import similarity

    monkeypatch.setattr(similarity, "MAX_AGENT_FILES", 2)
    files = []
    for i, size in enumerate((10, 300, 20, 200)):
        path = tmp_path / f"f{i}.py"
        path.write_text("x" * size)
        files.append(path)
    kept, left = similarity.limit_files(files)
    assert [p.name for p in kept] == ["f1.py", "f3.py"] and left == 2
