"""Per-competition code versions: a hash of the stage's code file and the config it reads.

Dagster code versions are per asset, not per partition, so each competition's prepare and
grade code become the data versions of the observable assets ``prepare_code`` and
``grade_code`` (see ``assets/code_versions.py``): changing one grader makes only that
competition's reports stale.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from mle_pipeline.registry.competitions import Competition

PREPARE, GRADE = "prepare", "grade"
STAGES = (PREPARE, GRADE)
# The config fields the code reads (prose such as the summary changes nothing it does).
CONFIG_FIELDS = (
    "id",
    "metric",
    "lower_is_better",
    "awards_medals",
    "answers",
    "sample_submission",
    "implemented",
    "options",
)


def code_folder(competition: Competition) -> Path:
    """Where the competition's ``prepare.py`` and ``grade.py`` are read from."""
    return competition.folder


def code_version(competition: Competition, stage: str) -> str:
    """sha256 of ``<stage>.py``'s syntax tree (comments and layout change nothing; absent
    for unimplemented competitions) and the config fields it reads, first 16 hex digits."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {STAGES}")
    path = code_folder(competition) / f"{stage}.py"
    try:
        tree = ast.dump(ast.parse(path.read_bytes(), filename=str(path)))
    except FileNotFoundError:
        tree = ""
    except SyntaxError as err:
        raise ValueError(f"{path}: cannot be parsed ({err.msg}, line {err.lineno})") from None
    config = {name: getattr(competition, name) for name in CONFIG_FIELDS}
    digest = hashlib.sha256(tree.encode())
    digest.update(json.dumps(config, sort_keys=True, default=str).encode())
    return f"{stage}-{digest.hexdigest()[:16]}"
