"""``mle-pipeline fidelity`` against a tiny fake MLE-bench checkout built in tmp_path.

The fake has the entry points the tool calls (``mlebench.registry.registry`` with
``get_competition``/``set_data_dir``, a competition's ``prepare_fn`` and ``grader``, and
``mlebench.utils.read_csv``/``load_answers``); it runs in a subprocess like the real one.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from mle_pipeline.cli import main
from mle_pipeline.fidelity import command
from mle_pipeline.fidelity.compare import compare_trees
from mle_pipeline.fidelity.expected import load_expected
from mle_pipeline.fidelity.run import check_competition, same_score
from mle_pipeline.fidelity.submissions import DESCRIPTIONS
from mle_pipeline.registry import get_competition

CID = "spaceship-titanic"

REGISTRY = """
import importlib
from pathlib import Path

MODE = {mode!r}


class Grader:
    def __init__(self, cid):
        self.grade_fn = importlib.import_module(f"mle_pipeline.competitions.{{cid}}.grade").grade

    def __call__(self, submission, answers):
        if MODE == "constant":
            return 0.5
        try:
            return round(self.grade_fn(submission, answers), 5)
        except Exception:
            return None


class Competition:
    def __init__(self, cid, data_dir):
        self.id = cid
        self.answers = data_dir / cid / "prepared" / "private" / "test.csv"
        self.grader = Grader(cid)

    def prepare_fn(self, raw, public, private):
        prepare = importlib.import_module(f"mle_pipeline.competitions.{{self.id}}.prepare")
        prepare.prepare(raw=raw, public=public, private=private)
        if MODE == "constant":
            path = public / "sample_submission.csv"
            path.write_text(path.read_text().replace("False", "True", 1))
            (private / "extra.txt").write_text("only here")


class Registry:
    def __init__(self, data_dir=Path("/nonexistent")):
        self.data_dir = data_dir

    def get_competition(self, cid):
        if MODE == "unknown":
            raise KeyError(f"no competition {{cid}} in this checkout")
        return Competition(cid, self.data_dir)

    def set_data_dir(self, data_dir):
        return Registry(data_dir)


registry = Registry()
"""

UTILS = """
import pandas as pd


def read_csv(path):
    return pd.read_csv(path, float_precision="round_trip")


def load_answers(path):
    return read_csv(path)
"""


def fake_checkout(root: Path, mode: str) -> Path:
    package = root / "mlebench"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "registry.py").write_text(textwrap.dedent(REGISTRY.format(mode=mode)))
    (package / "utils.py").write_text(UTILS)
    return root


def test_a_faithful_checkout_matches_file_by_file_and_score_by_score(tmp_path: Path) -> None:
    checkout = fake_checkout(tmp_path / "faithful", "faithful")
    result = check_competition(get_competition(CID), checkout, sys.executable)
    assert result.mlebench_module == str((checkout / "mlebench").resolve())
    assert result.files and all(f.identical for f in result.files)
    names = [s.name for s in result.scores]
    assert names == [n for n in DESCRIPTIONS if n != "perfect_float_ids"]  # text ids
    assert all(s.equal for s in result.scores) and result.ok
    perfect = result.scores[0]
    assert perfect.ours == perfect.theirs == 1.0


def test_differences_are_reported_and_fail_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout = fake_checkout(tmp_path / "constant", "constant")
    status = main(["fidelity", "--mlebench", str(checkout), "-c", CID])
    out = capsys.readouterr().out
    assert status == 1
    assert "private/extra.txt: only MLE-bench writes this file" in out
    assert "public/sample_submission.csv: line 2: ours" in out
    assert "perfect                   1.00000      0.50000  NO" in out
    assert "DIFFERS from MLE-bench" in out


def test_record_writes_mlebench_scores_and_keeps_explanations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "expected_scores.yaml"
    monkeypatch.setattr(command, "expected_path", lambda competition: target)
    checkout = fake_checkout(tmp_path / "constant", "constant")
    args = ["fidelity", "--mlebench", str(checkout), "-c", CID, "--record"]
    assert main(args) == 1  # not a git work tree and no --mlebench-commit
    assert not target.exists()
    assert main([*args, "--mlebench-commit", "abc1234"]) == 1
    assert "explain why under differs.perfect.why" in capsys.readouterr().out
    with pytest.raises(ValueError, match="non-empty 'why'"):
        load_expected(target)  # a difference nobody explained is not a valid record
    target.write_text(target.read_text().replace("why: ''", "why: the fake is constant"))
    assert main([*args, "--mlebench-commit", "abc1234"]) == 1
    expected = load_expected(target)
    assert expected.mlebench_commit == "abc1234" and "-c spaceship-titanic" in expected.how
    assert expected.scores == dict.fromkeys(expected.scores, 0.5)
    assert expected.differs["perfect"] == {"ours": 1.0, "why": "the fake is constant"}
    assert expected.ours("perfect") == 1.0


def test_a_checkout_that_fails_is_reported_per_competition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout = fake_checkout(tmp_path / "unknown", "unknown")
    other = "spooky-author-identification"
    assert main(["fidelity", "--mlebench", str(checkout), "-c", CID, "-c", other]) == 1
    out = capsys.readouterr().out
    assert "MLE-bench's side failed" in out and "no competition spaceship-titanic" in out
    assert f"0 of 2 competition(s) same as MLE-bench; differing: {CID}, {other}" in out


def test_not_a_checkout_is_refused(tmp_path: Path) -> None:
    assert main(["fidelity", "--mlebench", str(tmp_path), "-c", CID]) == 1


def test_same_score_is_equality_to_five_decimals() -> None:
    assert same_score(0.123454, 0.123449)
    assert not same_score(0.12345, 0.12346)
    assert same_score(None, None) and not same_score(None, 0.0)
    assert same_score(float("nan"), float("nan")) and not same_score(float("nan"), 1.0)


def test_compare_trees_names_the_first_differing_csv_line(tmp_path: Path) -> None:
    for side, row in (("a", "2,x"), ("b", "2,y")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "t.csv").write_text(f"id,v\n1,x\n{row}\n")
    (tmp_path / "a" / "same.bin").write_bytes(b"\x00")
    (tmp_path / "b" / "same.bin").write_bytes(b"\x00")
    result = {f.path: f for f in compare_trees(tmp_path / "a", tmp_path / "b")}
    assert result["same.bin"].identical and not result["t.csv"].identical
    assert result["t.csv"].hint == "line 3: ours '2,x' vs MLE-bench '2,y'"


def test_zips_with_the_same_files_count_as_the_same(tmp_path: Path) -> None:
    import zipfile

    def write(path: Path, members: list[tuple[str, bytes]], folder_entry: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as archive:
            if folder_entry:
                archive.writestr("d/", b"")
            for name, data in members:
                archive.writestr(zipfile.ZipInfo(name, (2001, 1, 1, 0, 0, 0)), data)

    write(tmp_path / "a" / "x.zip", [("d/1", b"one"), ("d/2", b"two")], folder_entry=False)
    write(tmp_path / "b" / "x.zip", [("d/2", b"two"), ("d/1", b"one")], folder_entry=True)
    write(tmp_path / "a" / "y.zip", [("d/1", b"one")], folder_entry=False)
    write(tmp_path / "b" / "y.zip", [("d/1", b"uno")], folder_entry=False)
    result = {f.path: f for f in compare_trees(tmp_path / "a", tmp_path / "b")}
    assert not result["x.zip"].identical and result["x.zip"].equivalent
    assert not result["y.zip"].equivalent and result["y.zip"].hint == "contents differ"


def test_7z_archives_with_the_same_files_count_as_the_same(tmp_path: Path) -> None:
    import os

    import py7zr

    from mle_pipeline.sources.archive import seven_zip_file

    def write(path: Path, data: bytes, fixed: bool) -> None:
        source = tmp_path / "member.json"
        source.write_bytes(data)
        os.utime(source, (1_000_000_000 + len(path.parts), 1_000_000_000 + len(path.parts)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if fixed:
            seven_zip_file(source, path, "member.json")
        else:  # as MLE-bench writes them: the file's own times, default compression
            with py7zr.SevenZipFile(path, "w") as archive:
                archive.write(source, "member.json")

    write(tmp_path / "a" / "x.7z", b"[1, 2, 3]" * 100, fixed=True)
    write(tmp_path / "b" / "x.7z", b"[1, 2, 3]" * 100, fixed=False)
    write(tmp_path / "a" / "y.7z", b"[1, 2, 3]" * 100, fixed=True)
    write(tmp_path / "b" / "y.7z", b"[1, 2, 4]" * 100, fixed=False)
    result = {f.path: f for f in compare_trees(tmp_path / "a", tmp_path / "b")}
    assert not result["x.7z"].identical and result["x.7z"].equivalent
    assert not result["y.7z"].equivalent and result["y.7z"].hint == "contents differ"


def test_seven_zip_file_is_deterministic(tmp_path: Path) -> None:
    import os

    from mle_pipeline.sources.archive import seven_zip_file

    source = tmp_path / "data.json"
    digests = []
    for when in (1_000_000_000, 1_500_000_000):
        source.write_bytes(b'{"a": 1}' * 50)
        os.utime(source, (when, when))
        seven_zip_file(source, tmp_path / f"{when}.7z", "data.json")
        digests.append((tmp_path / f"{when}.7z").read_bytes())
    assert digests[0] == digests[1]


def test_tars_with_the_same_files_in_another_order_are_the_same_contents(tmp_path: Path) -> None:
    import io
    import tarfile

    from mle_pipeline.fidelity.compare import same_tar_members

    def write(path: Path, members: list[tuple[str, bytes, int]], mode: str) -> Path:
        with tarfile.open(path, mode) as tar:
            for name, data, mtime in members:
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), mtime
                tar.addfile(info, io.BytesIO(data))
        return path

    ours = write(tmp_path / "a.tar.gz", [("x/1.jpg", b"one", 1), ("2.jpg", b"two", 1)], "w")
    theirs = write(tmp_path / "b.tar.gz", [("2.jpg", b"two", 9), ("x/1.jpg", b"one", 9)], "w:gz")
    other = write(tmp_path / "c.tar.gz", [("2.jpg", b"two", 1), ("x/1.jpg", b"0ne", 1)], "w")
    assert same_tar_members(ours, theirs)
    assert not same_tar_members(ours, other)
    (tmp_path / "d.csv.gz").write_bytes(b"not a tar")
    assert not same_tar_members(ours, tmp_path / "d.csv.gz")


def test_parquet_files_with_the_same_table_count_as_the_same(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2, 3], "v": [0.5, 1.5, 2.5]})
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
    pq.write_table(table, tmp_path / "a" / "x.parquet")
    # Another writer's choices: pandas metadata, two row groups, no compression.
    frame = table.to_pandas()
    other_writer = {"row_group_size": 2, "compression": "none"}
    pq.write_table(pa.Table.from_pandas(frame), tmp_path / "b" / "x.parquet", **other_writer)
    pq.write_table(table, tmp_path / "a" / "y.parquet")
    pq.write_table(pa.Table.from_pandas(frame.iloc[::-1]), tmp_path / "b" / "y.parquet")
    pq.write_table(table, tmp_path / "a" / "z.parquet")
    narrower = pa.schema([("id", pa.int32()), ("v", pa.float64())])
    pq.write_table(table.cast(narrower), tmp_path / "b" / "z.parquet")
    result = {f.path: f for f in compare_trees(tmp_path / "a", tmp_path / "b")}
    assert not result["x.parquet"].identical and result["x.parquet"].equivalent
    assert "same columns, types and rows" in result["x.parquet"].hint
    assert not result["y.parquet"].equivalent  # rows in another order
    assert not result["z.parquet"].equivalent  # another column type
