"""Benchmark one competition's prepare on its synthetic data scaled up.

Generates the raw data with the competition's sample generator and size parameters given
as ``--size name=value`` (e.g. ``--size n_train=120000``), runs ``prepare`` in a child
process and prints its wall time (timed in the child), peak resident memory (the child's
``ru_maxrss``) and, for reference, the time ``cp -r`` takes to copy the same raw bytes.

    python benchmarks/prepare_scaled.py -c tensorflow2-question-answering --size n_train=12000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit  # noqa: E402

CHILD = """
import importlib, sys, time
from pathlib import Path
module = importlib.import_module(f"mle_pipeline.competitions.{sys.argv[1]}.prepare")
raw, public, private = (Path(p) for p in sys.argv[2:5])
started = time.perf_counter()
module.prepare(raw, public, private)
print(f"PREPARE_S {time.perf_counter() - started}")
"""


GENERATE = """
import importlib, json, sys
from pathlib import Path
module = importlib.import_module(f"mle_pipeline.competitions.{sys.argv[1]}.sample")
module.generate(Path(sys.argv[2]), seed=0, **json.loads(sys.argv[3]))
"""


def _size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--competition", required=True)
    parser.add_argument("--size", action="append", default=[], help="generator keyword=int")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temp folder")
    args = parser.parse_args()
    sizes = {k: int(v) for k, v in (item.split("=", 1) for item in args.size)}

    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        work = Path(scratch)
        raw, public, private = work / "raw", work / "public", work / "private"
        for folder in (raw, public, private):
            folder.mkdir()
        started = time.perf_counter()
        # In a child of its own: a large parent would inflate the prepare child's peak RSS
        # (Linux counts the parent's pages the forked child holds until it execs).
        generate = [sys.executable, "-c", GENERATE, args.competition, raw, json.dumps(sizes)]
        subprocess.run(generate, check=True)
        raw_bytes = _size_of(raw)
        print(f"generated {raw_bytes / 2**20:,.0f} MiB in {time.perf_counter() - started:.1f}s")

        command = [sys.executable, "-c", CHILD, args.competition, raw, public, private]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        stdout = child.stdout.read() if child.stdout else ""
        _, status, usage = os.wait4(child.pid, 0)  # this child's peak only, not the generator's
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"prepare failed with exit code {child.returncode}")
        elapsed = float(stdout.split("PREPARE_S ")[-1])
        peak = usage.ru_maxrss / 1024

        started = time.perf_counter()
        subprocess.run(["cp", "-r", raw, work / "copy"], check=True)
        copy_s = time.perf_counter() - started
        print(f"prepare:  {elapsed:.1f}s, peak RSS {peak:,.0f} MiB")
        print(f"cp -r of the raw data: {copy_s:.1f}s")
        emit(
            f"prepare_scaled:{args.competition}",
            {
                "sizes": sizes,
                "raw_mib": round(raw_bytes / 2**20),
                "prepare_s": round(elapsed, 1),
                "peak_rss_mib": round(peak),
                "cp_s": round(copy_s, 1),
                "vs_cp": round(elapsed / copy_s, 1) if copy_s else None,
            },
        )


if __name__ == "__main__":
    main()
