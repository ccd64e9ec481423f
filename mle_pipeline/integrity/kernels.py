"""The public Kaggle notebooks MLE-bench lists as plagiarism references, fetched per competition.

Lists: ``registry/kernels/<id>.txt`` (``owner/slug`` per line, from MLE-bench). Each
notebook is written atomically to ``<root>/<id>/kernels/<owner>__<slug>.<ext>``; one
already there is not fetched again (an interrupted fetch resumes), and ``kernels.json``
(written last, atomically) records what was fetched, what Kaggle no longer serves, and
whether the notebooks are offline sample data.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from mle_pipeline.atomic import TMP_PREFIX, atomic_path, file_digests, write_json
from mle_pipeline.layout import DataLayout

LISTS_DIR = Path(__file__).resolve().parents[1] / "registry" / "kernels"
MANIFEST = "kernels.json"
SAMPLE_COUNT = 3  # synthetic notebooks per competition on the offline sample path
SAMPLE_LABEL = "OFFLINE SAMPLE DATA"
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
CODE_SUFFIXES = (".py", ".ipynb", ".R", ".r", ".Rmd", ".jl", ".sql", ".irnb", ".ijlnb")


def reference_list(competition_id: str, lists_dir: Path = LISTS_DIR) -> list[str]:
    """The notebooks MLE-bench lists for a competition (empty if it lists none)."""
    path = lists_dir / f"{competition_id}.txt"
    if not path.is_file():
        return []
    refs = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        ref = line.strip()
        if not ref:
            continue
        if not _REF.match(ref):
            raise ValueError(f"{path}:{number}: {ref!r} is not a Kaggle notebook 'owner/slug'")
        refs.append(ref)
    return refs


def language_hint(path: Path) -> str:
    """The pygments language of a fetched notebook file."""
    return {".R": "r", ".r": "r", ".Rmd": "r", ".irnb": "r", ".jl": "julia", ".ijlnb": "julia"}.get(
        path.suffix, "sql" if path.suffix == ".sql" else "python"
    )


def kernels_dir(layout: DataLayout, competition_id: str) -> Path:
    return layout.competition_dir(competition_id) / "kernels"


def file_stem(ref: str) -> str:
    owner, slug = ref.split("/", 1)
    return f"{owner}__{slug}"


class KernelUnavailableError(RuntimeError):
    """The notebook is gone or private (Kaggle answered 403/404): recorded, not retried."""


class KernelFetcher(Protocol):
    name: str
    is_sample: bool

    def fetch(self, ref: str, workdir: Path) -> Path:
        """Write the notebook ``ref`` into the empty folder ``workdir``; return its file."""
        ...


@dataclass(frozen=True)
class Entry:
    ref: str
    status: str  # "fetched" or "unavailable"
    file: str = ""
    sha256: str = ""
    reason: str = ""


def load_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        payload = json.loads(path.read_text())
    except ValueError as err:
        raise ValueError(f"{path} is not valid JSON ({err}); delete it to fetch again") from err
    return payload if isinstance(payload, dict) else None


def fetch_references(
    competition_id: str,
    layout: DataLayout,
    fetcher: KernelFetcher,
    refs: list[str] | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Fetch every listed notebook not yet on disk; write and return the manifest."""
    refs = reference_list(competition_id) if refs is None else refs
    if fetcher.is_sample:
        refs = refs[:SAMPLE_COUNT]
    folder = kernels_dir(layout, competition_id)
    folder.mkdir(parents=True, exist_ok=True)
    previous = load_manifest(folder) or {}
    if bool(previous.get("sample_data")) != fetcher.is_sample:
        _clear(folder)  # never mix sample notebooks with Kaggle's
    entries, reused = [], 0
    for ref in refs:
        existing = sorted(p for p in folder.glob(file_stem(ref) + ".*") if p.suffix != ".json")
        if existing:
            reused += 1
            entries.append(_entry(ref, existing[0]))
            continue
        workdir = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}kernel-", dir=folder))
        try:
            written = fetcher.fetch(ref, workdir)
            final = folder / (file_stem(ref) + written.suffix)
            with atomic_path(final) as tmp:
                os.replace(written, tmp)
            entries.append(_entry(ref, final))
            log(f"{competition_id}: fetched {ref}")
        except KernelUnavailableError as err:
            entries.append(Entry(ref, "unavailable", reason=str(err)))
            log(f"{competition_id}: {ref} unavailable: {err}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    manifest = {
        "competition_id": competition_id,
        "source": fetcher.name,
        "sample_data": fetcher.is_sample,
        "listed": len(refs),
        "fetched": sum(e.status == "fetched" for e in entries),
        "reused": reused,
        "kernels": [asdict(e) for e in entries],
    }
    write_json(folder / MANIFEST, manifest)
    return manifest


def _clear(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            path.unlink()


def _entry(ref: str, path: Path) -> Entry:
    return Entry(ref, "fetched", path.name, file_digests(path)["sha256"])


def reference_files(layout: DataLayout, competition_id: str) -> tuple[dict | None, list[Path]]:
    """The manifest and the fetched notebook files of a competition (None: not fetched)."""
    folder = kernels_dir(layout, competition_id)
    manifest = load_manifest(folder)
    if manifest is None:
        return None, []
    files = [folder / e["file"] for e in manifest.get("kernels", []) if e.get("file")]
    return manifest, [f for f in files if f.is_file()]


# -- fetchers ------------------------------------------------------------------------------


class KaggleKernelFetcher:
    """``KaggleApi.kernels_pull`` with the raw source's credentials, timeout and retries."""

    name = "kaggle"
    is_sample = False

    def __init__(self, source: Any = None):
        from mle_pipeline.sources.kaggle import KaggleSource

        self.source = source or KaggleSource()

    def fetch(self, ref: str, workdir: Path) -> Path:
        from mle_pipeline.sources.kaggle import KaggleForbiddenError, KaggleNotFoundError

        try:
            return self.source._with_retries(f"notebook {ref!r}", lambda: self._pull(ref, workdir))
        except (KaggleNotFoundError, KaggleForbiddenError) as err:
            raise KernelUnavailableError(str(err)) from err

    def _pull(self, ref: str, workdir: Path) -> Path:
        from mle_pipeline.sources.kaggle import _authenticated_api, _translated

        api, secrets = _authenticated_api()
        build = api.build_kaggle_client

        def build_with_timeout() -> Any:
            client = build()
            http = client.http_client()
            init = http._init_session

            def init_with_timeout() -> None:
                init()
                self.source._add_timeout(client)

            http._init_session = init_with_timeout
            return client

        api.build_kaggle_client = build_with_timeout
        for stale in workdir.iterdir():
            stale.unlink()
        with _translated(None, secrets, api), contextlib.redirect_stdout(io.StringIO()):
            api.kernels_pull(ref, str(workdir), metadata=False, quiet=True)
        written = [p for p in workdir.iterdir() if p.is_file()]
        if len(written) != 1:
            raise RuntimeError(f"kernels_pull of {ref!r} wrote {len(written)} files, expected 1")
        return written[0]


class MirrorKernelFetcher:
    """Notebooks already downloaded: ``<mirror>/kernels/<competition>/<owner>__<slug>.*``."""

    name = "mirror"
    is_sample = False

    def __init__(self, mirror: Path, competition_id: str):
        self.folder = mirror / "kernels" / competition_id

    def fetch(self, ref: str, workdir: Path) -> Path:
        found = sorted(self.folder.glob(file_stem(ref) + ".*"))
        if not found:
            raise KernelUnavailableError(f"not in the mirror ({self.folder})")
        target = workdir / found[0].name
        shutil.copyfile(found[0], target)
        return target


class SampleKernelFetcher:
    """Small synthetic notebooks, labelled as offline sample data, never Kaggle's content."""

    name = "sample"
    is_sample = True

    def fetch(self, ref: str, workdir: Path) -> Path:
        target = workdir / (file_stem(ref) + ".ipynb")
        target.write_text(json.dumps(synthetic_notebook(ref), indent=1))
        return target


_MODELS = [
    (
        "from sklearn.ensemble import RandomForestClassifier",
        "RandomForestClassifier(n_estimators={n})",
    ),
    (
        "from sklearn.linear_model import LogisticRegression",
        "LogisticRegression(C={c}, max_iter=500)",
    ),
    (
        "from sklearn.ensemble import GradientBoostingClassifier",
        "GradientBoostingClassifier(max_depth={d})",
    ),
]


def synthetic_notebook(ref: str) -> dict:
    """A reproducible stand-in notebook for ``ref`` (varies with the name)."""
    rng = random.Random(ref)
    imports, model = rng.choice(_MODELS)
    model = model.format(
        n=rng.choice([100, 200, 300]), c=rng.choice([0.1, 1.0]), d=rng.randint(2, 5)
    )
    cells = [
        f"# {SAMPLE_LABEL}: synthetic stand-in for the Kaggle notebook {ref}; not its content.",
        "import pandas as pd\nimport numpy as np\n" + imports,
        "train = pd.read_csv('../input/train.csv')\ntest = pd.read_csv('../input/test.csv')\n"
        "print(train.shape, test.shape)\ntrain.head()",
        "target = train.columns[-1]\nfeatures = [c for c in train.columns if c != target]\n"
        "X = pd.get_dummies(train[features]).fillna(0)\ny = train[target]\n"
        "X_test = pd.get_dummies(test[features]).reindex(columns=X.columns, fill_value=0)",
        f"model = {model}\nmodel.fit(X, y)\npred = model.predict(X_test)",
        "submission = pd.DataFrame({'id': test.iloc[:, 0], target: pred})\n"
        "submission.to_csv('submission.csv', index=False)",
    ]
    return {
        "metadata": {"mle_pipeline": {"sample_data": True, "stands_in_for": ref}},
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": cells[0]},
            *(
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": c,
                    "outputs": [],
                    "execution_count": None,
                }
                for c in cells[1:]
            ),
        ],
    }
