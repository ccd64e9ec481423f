"""Benchmark the streaming prepare of new-york-city-taxi-fare-prediction on synthetic data.

Generates a Kaggle-format train.csv (default 5 M rows; the real one has ~55 M) with the
competition's sample generator, then runs our ``prepare`` in a child process and prints its
wall time (of the prepare call, timed in the child), rows per second and peak resident memory
(the child's ``ru_maxrss``, so the generation does not count).

    python benchmarks/taxi_prepare.py [--rows N] [--workdir DIR] [--regenerate] [--keep]

The raw data is kept in ``<workdir>/raw`` and reused by later runs with the same row count.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

COMPETITION = "new-york-city-taxi-fare-prediction"
DEFAULT_WORKDIR = Path(__file__).resolve().parent / "data"

CHILD = """
import importlib, logging, sys, time
from pathlib import Path
logging.basicConfig(level=logging.INFO, format="  [prepare] %(message)s")
module = importlib.import_module("mle_pipeline.competitions.{cid}.prepare")
raw, public, private = (Path(p) for p in sys.argv[1:4])
started = time.perf_counter()
module.prepare(raw, public, private)
print(f"PREPARE_S {{time.perf_counter() - started}}")
"""


def _generate(raw: Path, rows: int, regenerate: bool) -> float:
    marker = raw / ".rows"
    if not regenerate and marker.is_file() and marker.read_text() == str(rows):
        print(f"reusing {raw / 'train.csv'} ({rows:,} rows)")
        return 0.0
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    sample = importlib.import_module(f"mle_pipeline.competitions.{COMPETITION}.sample")
    started = time.perf_counter()
    sample.generate(raw, seed=0, n_train=rows)
    marker.write_text(str(rows))
    return time.perf_counter() - started


sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="train.csv data rows")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--regenerate", action="store_true", help="rewrite the raw data")
    parser.add_argument("--keep", action="store_true", help="keep the prepared output")
    parser.add_argument(
        "--drop-caches",
        action="store_true",
        help="empty the page cache before each timing (root on Linux), so both start cold",
    )
    args = parser.parse_args()

    raw, prepared = args.workdir / "raw", args.workdir / "prepared"
    generated = _generate(raw, args.rows, args.regenerate)
    size = (raw / "train.csv").stat().st_size
    if generated:
        print(f"generated {args.rows:,} rows ({size / 2**20:,.0f} MiB) in {generated:.1f}s")

    shutil.rmtree(prepared, ignore_errors=True)
    public, private = prepared / "public", prepared / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    command = [sys.executable, "-c", CHILD.format(cid=COMPETITION), raw, public, private]
    cold = args.drop_caches and _drop_caches()
    started = time.perf_counter()
    child = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    with_startup = time.perf_counter() - started
    # The prepare call itself, timed in the child: the interpreter's start and imports
    # (about a second) are not data handling, and would swamp small --rows runs.
    elapsed = float(child.stdout.split("PREPARE_S ")[-1])
    # Linux reports ru_maxrss in KiB; the only child waited for is the prepare process.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    with open(public / "labels.csv", "rb") as handle:
        labels = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
    test = len((private / "test.csv").read_text(encoding="utf-8").splitlines()) - 1
    if labels + test != args.rows:
        raise SystemExit(f"row count mismatch: {labels} + {test} != {args.rows}")
    print(f"rows:       {args.rows:,} ({size / 2**20:,.0f} MiB): {labels:,} train, {test:,} test")
    print(f"wall time:  {elapsed:.1f}s ({with_startup:.1f}s with the interpreter's start)")
    print(f"throughput: {args.rows / elapsed:,.0f} rows/s ({size / 2**20 / elapsed:.1f} MiB/s)")
    print(f"peak RSS:   {peak:,.0f} MiB")
    if args.drop_caches:
        _drop_caches()
    duckdb_s = _duckdb_copy(raw / "train.csv", args.workdir / "duckdb-copy.csv")
    print(f"duckdb COPY (SELECT * ...) TO of the same file: {duckdb_s:.1f}s")
    emit(
        "taxi_prepare",
        {
            "rows": args.rows,
            "file_mib": round(size / 2**20),
            "prepare_s": round(elapsed, 1),
            "with_interpreter_start_s": round(with_startup, 1),
            "rows_per_s": round(args.rows / elapsed),
            "peak_rss_mib": round(peak),
            "duckdb_copy_s": round(duckdb_s, 1),
            "page_cache": "dropped before each timing" if cold else "as found",
            "speed_vs_duckdb": round(duckdb_s / elapsed, 2),
            "targets": "peak RSS < 1536 MiB; speed >= 0.5 x duckdb COPY",
            "meets_target": peak < 1536 and duckdb_s / elapsed >= 0.5,
        },
    )
    if not args.keep:
        shutil.rmtree(prepared)


def _drop_caches() -> bool:
    """Write back dirty pages and empty the page cache; False where not permitted."""
    subprocess.run(["sync"], check=False)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        print("cannot drop the page cache here (needs root on Linux): timings start warm")
        return False
    return True


def _duckdb_copy(src: Path, dest: Path) -> float:
    """The reference speed: DuckDB copying the same CSV to CSV with no transformation."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"COPY (SELECT * FROM read_csv('{src}')) TO '{dest}' (HEADER)")
    elapsed = time.perf_counter() - started
    dest.unlink(missing_ok=True)
    return elapsed


if __name__ == "__main__":
    main()
