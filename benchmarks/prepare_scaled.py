"""Benchmark one competition's prepare on its synthetic data scaled up.

Generates the raw data with the competition's sample generator and size parameters given
as ``--size name=value`` (e.g. ``--size n_train=120000``), runs ``prepare`` in a child
process and prints its wall time (timed in the child), peak resident memory (the child's
``ru_maxrss``) and, for reference, the time ``cp -r`` takes to copy the same raw bytes.

    python benchmarks/prepare_scaled.py -c tensorflow2-question-answering --size n_train=12000
"""

from __future__ import annotations

import argparse
import importlib
import resource
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
        sample = importlib.import_module(f"mle_pipeline.competitions.{args.competition}.sample")
        started = time.perf_counter()
        sample.generate(raw, seed=0, **sizes)
        raw_bytes = _size_of(raw)
        print(f"generated {raw_bytes / 2**20:,.0f} MiB in {time.perf_counter() - started:.1f}s")

        command = [sys.executable, "-c", CHILD, args.competition, raw, public, private]
        child = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        elapsed = float(child.stdout.split("PREPARE_S ")[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

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
