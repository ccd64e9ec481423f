"""Two `mle-pipeline run` commands at once: distinct experiments, no partition failed for
being busy in the other process."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from mle_pipeline import experiments
from mle_pipeline.agents.run import run_lock_path
from mle_pipeline.cli import main
from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import PREPARED_MANIFEST

CID = "spaceship-titanic"


def test_runs_started_in_the_same_second_get_distinct_experiments(tmp_path: Path) -> None:
    now = datetime(2026, 12, 7, 4, 0, 0, tzinfo=UTC)
    barrier = threading.Barrier(8)
    ids: list[str] = []

    def start() -> None:
        barrier.wait()
        experiment = experiments.start(
            tmp_path, None, agents=["dummy"], splits=[], competitions=[CID], seeds=[0],
            time_limit_seconds=60, data_source="sample", now=now,
        )  # fmt: skip
        ids.append(experiment.id)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(ids) == 8 and len(set(ids)) == 8, ids
    assert "20261207T040000Z_dummy" in ids and "20261207T040000Z-8_dummy" in ids
    records = sorted(p.stem for p in (tmp_path / "experiments").glob("*.json"))
    assert records == sorted(ids)
    assert all(experiments.load(tmp_path, i).seeds == [0] for i in ids)  # none merged


def test_a_partition_running_in_another_process_is_waited_for_not_failed(env: Path, capsys) -> None:
    layout = DataLayout(env)
    lock = run_lock_path(layout, "dummy", CID, 0)
    prepared = layout.competition_dir(CID) / PREPARED_MANIFEST
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time; from pathlib import Path\n"
            "from mle_pipeline.atomic import exclusive_lock\n"
            f"with exclusive_lock(Path({str(lock)!r})):\n"
            "    print('held', flush=True)\n"
            # hold it until the run has prepared and reached the agent stage, and 2 s more
            f"    while not Path({str(prepared)!r}).exists(): time.sleep(0.1)\n"
            "    time.sleep(2)\n",
        ],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        code = main(["run", "-c", CID, "--agent", "dummy", "--experiment", "busy"])
    finally:
        holder.wait(60)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "was running in another process" in out.out and "FAIL" not in out.out
    assert "0 failed" in out.out
    assert experiments.load(env, "busy").status == experiments.COMPLETE
