"""``mle-pipeline``: prepare competitions, run agents, grade submissions, print the leaderboard."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import warnings
from pathlib import Path

from mle_pipeline.grading import validation_options

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a process killed by SIGPIPE reports


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit code 2)."""


def _split_ids(split: str) -> list[str]:
    from mle_pipeline.registry import all_competitions, load_split
    from mle_pipeline.registry.splits import IMPLEMENTED_SPLIT

    if split == IMPLEMENTED_SPLIT:
        return [cid for cid, c in all_competitions().items() if c.implemented]
    return load_split(split)


def _competitions(args: argparse.Namespace) -> list[str]:
    from mle_pipeline.registry import get_competition

    ids: list[str] = []
    for split in args.split or []:
        ids += _split_ids(split)
    for cid in args.competition or []:
        ids.append(get_competition(cid).id)
    if not ids:
        raise UsageError("choose competitions with --split NAME or -c ID (repeatable)")
    return list(dict.fromkeys(ids))


def _settings(args: argparse.Namespace):
    from mle_pipeline.assets.resources import settings_from_env

    settings = settings_from_env(
        source=getattr(args, "source", None),
        mirror_dir=getattr(args, "mirror", None),
        runner=getattr(args, "runner", None),
        data_root=getattr(args, "data_root", None),
        time_limit_seconds=getattr(args, "time_limit", None),
        verify=True if getattr(args, "verify", False) else None,
        keep_raw=getattr(args, "keep_raw", None),
        mlebench_dir=getattr(args, "mlebench", None),
        description=getattr(args, "description", None),
    )
    if settings.source == "mirror" and not settings.mirror_dir:
        raise UsageError("--source mirror needs --mirror DIR (or $MLE_PIPELINE_MIRROR)")
    return settings


def _layout(args: argparse.Namespace):
    """The data layout alone, without importing Dagster (for commands that do not need it)."""
    from mle_pipeline.layout import DataLayout, default_data_root

    root = getattr(args, "data_root", None) or os.environ.get("MLE_PIPELINE_DATA")
    return DataLayout(Path(root).expanduser() if root else default_data_root())


def _log_level(args: argparse.Namespace) -> str:
    return "INFO" if args.verbose else "CRITICAL"


def _refuse_unimplemented(ids: list[str]) -> None:
    from mle_pipeline.orchestrate import check_implemented

    missing = check_implemented(ids)
    if missing:
        raise UsageError(
            f"{len(missing)} of the chosen competitions are registered but not implemented "
            f"yet (implemented: false in their config.yaml): {', '.join(missing)}. "
            "Choose implemented ones (`mle-pipeline list --implemented`)."
        )


def _print_summary(summary, started: float) -> int:
    print(
        f"\n{len(summary.done)} materialized, {len(summary.skipped)} already current, "
        f"{len(summary.failed)} failed"
        + (f", {len(summary.pending)} left to another process" if summary.pending else "")
        + f" in {time.monotonic() - started:.1f}s"
    )
    for label, reason in summary.failed:
        print(f"  failed: {label}: {reason}", file=sys.stderr)
    if summary.warnings:
        print(f"{len(summary.warnings)} warning(s):")
    for label, warning in summary.warnings:
        print(f"  warning: {label}: {warning}")
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from mle_pipeline import experiments
    from mle_pipeline.agents.spec import get_agent
    from mle_pipeline.backfill import BackfillError
    from mle_pipeline.instance import get_instance
    from mle_pipeline.leaderboard.render import to_markdown
    from mle_pipeline.leaderboard.vouch import build_vouched
    from mle_pipeline.orchestrate import Executor

    started = time.monotonic()
    ids = _competitions(args)
    _refuse_unimplemented(ids)
    specs = [get_agent(name) for name in args.agent or ["dummy"]]
    agents = [spec.name for spec in specs]
    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    if args.parallel < 1:
        raise UsageError("--parallel must be at least 1")
    try:
        # None: start() picks a fresh id under its lock (concurrent runs never share one).
        experiment_id = experiments.check_id(args.experiment) if args.experiment else None
    except experiments.ExperimentError as err:
        raise UsageError(str(err)) from None
    settings = _settings(args)
    root = settings.layout.root
    instance = get_instance()
    print(
        f"data root: {root}  |  source: {settings.source}  |  "
        f"runner: {settings.runner}  |  Dagster home: {os.environ['DAGSTER_HOME']}"
    )
    seeds = list(range(args.seeds))
    experiment = experiments.start(
        root,
        experiment_id,
        agents=agents,
        splits=args.split or [],
        competitions=ids,
        seeds=seeds,
        time_limit_seconds=args.time_limit or max(s.time_limit_seconds for s in specs),
        data_source=settings.source,
    )
    print(f"experiment {experiment.id} (deadline {experiment.deadline})")
    executor = Executor(
        instance, settings, agents, log_level=_log_level(args), experiment=experiment.id
    )
    status = experiments.INTERRUPTED
    try:
        if args.parallel > 1:
            print(
                f"prepare {len(ids)} competition(s), run {', '.join(agents)} × {args.seeds} "
                f"seed(s): one Dagster backfill, at most {args.parallel} runs at once"
            )
            try:
                executor.run_parallel(
                    ids,
                    agents,
                    seeds,
                    args.parallel,
                    force_prepare=args.force_prepare,
                    rerun=args.rerun,
                )
            except BackfillError as err:  # Dagster could not be started or reached
                executor.summary.failed.append(("the backfill", str(err)))
                print(f"  FAIL  the backfill: {err}", file=sys.stderr)
        else:
            print(f"prepare {len(ids)} competition(s)")
            ready = executor.prepare(ids, force=args.force_prepare)
            print(f"run {', '.join(agents)} × {len(ready)} competition(s) × {args.seeds} seed(s)")
            executor.run_agents(ready, agents, seeds, force=args.rerun)
        status = experiments.INCOMPLETE if executor.summary.failed else experiments.COMPLETE
    finally:
        # Closed before the leaderboard is built, so missing runs now count as failures.
        experiments.finish(
            root,
            experiment,
            status,
            summary={
                "materialized": len(executor.summary.done),
                "already_current": len(executor.summary.skipped),
                "failed": [label for label, _ in executor.summary.failed],
            },
        )
    board = executor.leaderboard()
    print()
    print(to_markdown(build_vouched(instance, settings.layout, warn=lambda _: None)))
    print(f"experiment {experiment.id}: {status} ({root / 'experiments' / experiment.id}.json)")
    if board:
        where = settings.layout.leaderboard_dir
        print(f"leaderboard files: {where / 'leaderboard'}.{{md,json,csv,parquet,html}}")
    return _print_summary(executor.summary, started)


def cmd_prepare(args: argparse.Namespace) -> int:
    from mle_pipeline.instance import get_instance
    from mle_pipeline.orchestrate import Executor

    started = time.monotonic()
    ids = _competitions(args)
    _refuse_unimplemented(ids)
    settings = _settings(args)
    executor = Executor(get_instance(), settings, [], log_level=_log_level(args))
    print(f"prepare {len(ids)} competition(s) into {settings.layout.root} from {settings.source}")
    executor.prepare(ids, force=args.force)
    return _print_summary(executor.summary, started)


def cmd_grade(args: argparse.Namespace) -> int:
    from mle_pipeline.grading.batch import grade_jsonl

    roots = [Path(r) for r in args.allowed_root] if args.allowed_root else None
    path = grade_jsonl(Path(args.submissions), Path(args.output_dir), _layout(args), roots)
    print(f"grading report written to {path}")
    return EXIT_OK


def cmd_grade_sample(args: argparse.Namespace) -> int:
    from mle_pipeline.grading.grade import grade_submission
    from mle_pipeline.prepare.run import preparation_provenance
    from mle_pipeline.registry import get_competition

    competition = get_competition(args.competition_id)
    competition.require_implemented()
    submission = Path(args.submission)
    if not os.path.lexists(submission):
        raise UsageError(f"no file at {submission}")
    layout = _layout(args)
    answers = layout.prepared_dir(competition.id) / competition.answers
    provenance = preparation_provenance(layout, competition.id)
    report = grade_submission(competition, submission, answers, **provenance)
    print(json.dumps(report.to_dict(), indent=2))
    return EXIT_OK


def cmd_leaderboard(args: argparse.Namespace) -> int:
    from mle_pipeline.atomic import write_text
    from mle_pipeline.instance import get_instance
    from mle_pipeline.leaderboard.render import render
    from mle_pipeline.leaderboard.vouch import build_vouched

    layout = _layout(args)
    # The same rule as the leaderboard asset: only reports the instance vouches for count.
    data = build_vouched(
        get_instance(),
        layout,
        warn=lambda message: print(f"mle-pipeline: warning: {message}", file=sys.stderr),
        exclude_flagged=args.exclude_flagged,
    )
    text = render(data, args.format)
    if args.output:
        write_text(Path(args.output), text)
        print(f"leaderboard ({args.format}) written to {args.output}")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_import_reports(args: argparse.Namespace) -> int:
    from mle_pipeline import experiments
    from mle_pipeline.assets.grading import imported_report_recorder
    from mle_pipeline.instance import get_instance
    from mle_pipeline.leaderboard.importer import ReportImportError, import_reports
    from mle_pipeline.registry import all_competitions

    layout = _layout(args)
    try:
        if args.experiment:
            experiments.check_id(args.experiment)
        summary = import_reports(
            [Path(p) for p in args.paths],
            layout,
            args.agent,
            experiment=args.experiment,
            description=args.description,
            record=imported_report_recorder(get_instance()),
            known_competitions=set(all_competitions()),
            overwrite=args.overwrite,
        )
    except (ReportImportError, experiments.ExperimentError) as err:
        raise UsageError(str(err)) from None
    if args.experiment:
        experiments.record_imported(
            layout.root,
            args.experiment,
            args.agent,
            summary.seeds,
            range(max(summary.seeds.values(), default=0)),
            summary.files,
        )
    seeds = sorted(set(summary.seeds.values()))
    print(
        f"imported {len(summary.written)} report(s) from {len(summary.files)} file(s) as agent "
        f"{args.agent!r}: {len(summary.seeds)} competition(s), "
        f"{'/'.join(map(str, seeds))} seed(s) each, into {layout.reports_root / args.agent}"
    )
    if summary.corrected:
        print(
            f"  {len(summary.corrected)} report(s) claimed medals or above-median that their "
            "score does not give against this project's thresholds; recomputed (the claims "
            "are kept in extra.imported_claims)",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from mle_pipeline.registry import all_competitions

    chosen = set(_split_ids(args.split)) if args.split else None
    for competition in all_competitions().values():
        if chosen is not None and competition.id not in chosen:
            continue
        if args.implemented and not competition.implemented:
            continue
        status = "implemented" if competition.implemented else "not implemented"
        print(f"{competition.id:55s} {competition.split:7s} {status}")
    return EXIT_OK


def cmd_checksums(args: argparse.Namespace) -> int:
    from mle_pipeline.prepare.checksums import (
        Reference,
        find_reference,
        user_checksums_path,
        verify_prepared,
        write_checksums,
    )
    from mle_pipeline.prepare.run import PREPARED_MANIFEST, Manifest, explain_mismatch
    from mle_pipeline.registry import get_competition

    layout = _layout(args)
    status = EXIT_OK
    for cid in _competitions(args):
        competition = get_competition(cid)
        manifest = Manifest.load(layout.competition_dir(cid) / PREPARED_MANIFEST)
        if manifest is None:
            raise UsageError(f"{cid} is not prepared under {layout.root}; run `prepare -c {cid}`")
        if args.update:
            # Never into the installed package: a user folder that the lookup reads first.
            target = (
                Path(args.file)
                if args.file
                else user_checksums_path(cid, layout.root, manifest.sample_data)
            )
            header = (
                f"# Written by `mle-pipeline checksums --update` from {layout.prepared_dir(cid)}"
                f" ({manifest.created_at}).\n"
            )
            write_checksums(target, manifest.checksums or {}, header)
            used = "" if args.file else "; `prepared` now compares with it"
            print(f"{cid}: wrote our checksums to {target}{used}")
            continue
        if args.file:
            reference: Reference | None = Reference(Path(args.file), "--file")
        else:
            reference = find_reference(competition, layout.root, manifest.sample_data)
        verdict = verify_prepared(
            cid, reference, manifest.checksums or {}, manifest.sample_data, manifest.variant
        )
        if verdict.failed:
            verdict = explain_mismatch(competition, layout, verdict)
        print(f"{cid}: {verdict.outcome}: {verdict.message}")
        if verdict.failed:
            status = EXIT_FAILED
    return status


def cmd_lineage(args: argparse.Namespace) -> int:
    from mle_pipeline import lineage
    from mle_pipeline.agents.spec import all_agents, get_agent
    from mle_pipeline.instance import get_instance

    ids = _competitions(args)
    if args.file and len(ids) != 1:
        raise UsageError("--file needs exactly one competition (-c ID)")
    agents = [get_agent(a).name for a in args.agent] if args.agent else sorted(all_agents())
    layout = _layout(args)
    instance = get_instance()
    for cid in ids:
        print(lineage.render(lineage.trace(instance, layout, cid, agents, file=args.file)))
    return EXIT_OK


def cmd_fidelity(args: argparse.Namespace) -> int:
    from mle_pipeline.fidelity.command import run

    return run(
        _competitions(args),
        Path(args.mlebench),
        args.mlebench_python,
        do_record=args.record,
        commit=args.mlebench_commit,
    )


def cmd_fetch_leaderboard(args: argparse.Namespace) -> int:
    from mle_pipeline.sources.kaggle import KaggleSource

    dest = Path(args.dest) if args.dest else _layout(args).root / "leaderboards"
    source = KaggleSource()
    for cid in _competitions(args):
        source.download_leaderboard(cid, dest / f"{cid}.csv")
        print(f"{cid}: leaderboard written to {dest / f'{cid}.csv'}")
    print(f"grade against these files with: export MLE_PIPELINE_LEADERBOARDS={dest}")
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    """``dagster dev`` on the CLI's instance, with seed partitions 0..N-1 ready to launch."""
    import shutil

    from mle_pipeline.instance import add_seeds, get_instance

    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    with get_instance() as instance:  # sets $DAGSTER_HOME to the default when unset
        add_seeds(instance, range(args.seeds))
    dagster = Path(sys.executable).with_name("dagster")
    program = str(dagster) if dagster.is_file() else shutil.which("dagster")
    if program is None:
        raise UsageError("the `dagster` command is not installed (pip install -e .)")
    command = [program, "dev", "-m", "mle_pipeline.definitions", *args.dagster_args]
    print(f"Dagster home: {os.environ['DAGSTER_HOME']}  |  {' '.join(command[1:])}", flush=True)
    os.execv(program, command)
    return EXIT_FAILED  # not reached


def cmd_backfill(args: argparse.Namespace) -> int:
    """One Dagster backfill over a split's implemented competitions, run by the daemon."""
    from mle_pipeline import backfill
    from mle_pipeline.agents.spec import get_agent
    from mle_pipeline.instance import add_seeds, get_instance

    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    agents = [get_agent(name).name for name in args.agent or []]
    seeds = list(range(args.seeds))
    chosen = _competitions(args)
    what = ", ".join(args.split or []) or f"{len(chosen)} competition(s)"
    try:
        planned = backfill.plan(chosen, agents, seeds, what)
    except backfill.BackfillError as err:
        raise UsageError(str(err)) from None
    if agents:
        with get_instance() as instance:
            add_seeds(instance, seeds)
    tags = {"mle_pipeline/split": ",".join(args.split)} if args.split else None
    try:
        backfill_id = backfill.launch(args.url, planned, tags)
        missing = planned.left_out
        print(
            f"backfill {backfill_id} launched ({planned.title}; "
            f"{len(planned.competitions)} competition(s)"
            + (f", {len(missing)} not implemented left out" if missing else "")
            + f"): {args.url.rstrip('/')}/runs/b/{backfill_id}"
        )
        if not args.wait:
            return EXIT_OK
        final = backfill.follow(args.url, backfill_id, interval=args.interval, timeout=args.timeout)
    except backfill.BackfillError as err:
        print(f"mle-pipeline: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK if final.status == "COMPLETED_SUCCESS" and not final.failed else EXIT_FAILED


def cmd_serve_validation(args: argparse.Namespace) -> int:
    from mle_pipeline.grading import validation_server

    return validation_server.serve(args) or EXIT_OK


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--split",
        action="append",
        help="a split: lite/low, medium, high, all, dev, or 'implemented'",
    )
    parser.add_argument("-c", "--competition", action="append", help="a competition id")


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-root", help="data folder (default $MLE_PIPELINE_DATA or cache)")


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        choices=["sample", "kaggle", "mirror"],
        help="where raw data comes from (default: sample, offline)",
    )
    parser.add_argument("--mirror", help="folder of Kaggle zips, for --source mirror")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="rehash files instead of trusting recorded data versions",
    )
    parser.add_argument(
        "--keep-raw",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep raw/ after preparing (default: keep)",
    )


def build_parser() -> argparse.ArgumentParser:
    from mle_pipeline.backfill import DEFAULT_URL

    parser = argparse.ArgumentParser(prog="mle-pipeline", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="show Dagster's logs")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="prepare, run agents, grade and rank (the whole graph)")
    _add_selection(run)
    _add_data(run)
    _add_source(run)
    run.add_argument("--agent", action="append", help="a declared agent (default: dummy)")
    run.add_argument("--seeds", type=int, default=1, help="seeds per competition (default 1)")
    run.add_argument("--runner", choices=["local", "docker"], help="where agents run")
    run.add_argument("--time-limit", type=float, help="override the agents' time limit (s)")
    run.add_argument("--rerun", action="store_true", help="rerun agents already graded")
    run.add_argument(
        "--parallel",
        type=int,
        default=1,
        metavar="N",
        help="run up to N partitions at once as one Dagster backfill the daemon executes "
        "(default 1: one after another in this process)",
    )
    run.add_argument(
        "--mlebench",
        metavar="DIR",
        help="an MLE-bench checkout: agents get its competitions' description.md "
        "(default $MLE_PIPELINE_MLEBENCH; without one, the project's own summary)",
    )
    run.add_argument(
        "--description",
        choices=["full", "obfuscated"],
        help="with --mlebench: description.md (full, default) or description_obfuscated.md",
    )
    run.add_argument("--force-prepare", action="store_true", help="prepare again")
    run.add_argument(
        "--experiment",
        metavar="ID",
        help="experiment (run group) id recorded in <data root>/experiments/ID.json and in "
        "every report (default: <UTC timestamp>_<agent>); reuse an id to resume it",
    )
    run.set_defaults(func=cmd_run)

    prepare = sub.add_parser("prepare", help="download and prepare competitions")
    _add_selection(prepare)
    _add_data(prepare)
    _add_source(prepare)
    prepare.add_argument("--force", action="store_true", help="prepare again even if current")
    prepare.set_defaults(func=cmd_prepare)

    grade = sub.add_parser("grade", help="grade a JSONL of {competition_id, submission_path}")
    grade.add_argument("--submissions", required=True, help="JSONL file of submissions")
    grade.add_argument("--output-dir", default=".", help="where the grading report goes")
    grade.add_argument(
        "--allowed-root",
        action="append",
        help="folder submissions must be in (repeatable; default: the JSONL's folder and "
        "<data root>/runs)",
    )
    _add_data(grade)
    grade.set_defaults(func=cmd_grade)

    grade_sample = sub.add_parser("grade-sample", help="grade one CSV and print the report")
    grade_sample.add_argument("submission")
    grade_sample.add_argument("competition_id")
    _add_data(grade_sample)
    grade_sample.set_defaults(func=cmd_grade_sample)

    board = sub.add_parser("leaderboard", help="print the leaderboard from graded reports")
    board.add_argument("--format", choices=["md", "json", "csv", "html"], default="md")
    board.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")
    board.add_argument(
        "--exclude-flagged",
        action="store_true",
        help="recompute medals without the runs an integrity check flagged",
    )
    _add_data(board)
    board.set_defaults(func=cmd_leaderboard)

    imports = sub.add_parser(
        "import-reports",
        help="import MLE-bench grading-report JSON files into the report store",
    )
    imports.add_argument("paths", nargs="+", metavar="PATH", help="*_grading_report.json files")
    imports.add_argument("--agent", required=True, help="agent name the reports are filed under")
    imports.add_argument("--experiment", metavar="ID", help="record them as a (closed) experiment")
    imports.add_argument(
        "--description",
        choices=["mlebench", "mlebench-obfuscated", "summary"],
        help="the task text the runs were given (MLE-bench's default is 'mlebench'); "
        "without it the leaderboard shows them as 'unrecorded'",
    )
    imports.add_argument(
        "--overwrite", action="store_true", help="replace reports not imported from these files"
    )
    _add_data(imports)
    imports.set_defaults(func=cmd_import_reports)

    listing = sub.add_parser("list", help="list registered competitions")
    listing.add_argument("--split")
    listing.add_argument("--implemented", action="store_true")
    listing.set_defaults(func=cmd_list)

    checks = sub.add_parser("checksums", help="verify or write a competition's checksums.yaml")
    _add_selection(checks)
    _add_data(checks)
    checks.add_argument("--update", action="store_true", help="write ours instead of verifying")
    checks.add_argument(
        "--file",
        help="checksums file to compare with or write (default: the reference the check uses; "
        "--update writes to $MLE_PIPELINE_CHECKSUMS/<id>/ or <data root>/checksums/<id>/)",
    )
    checks.set_defaults(func=cmd_checksums)

    lineage = sub.add_parser(
        "lineage",
        help="which graded reports came from a competition's raw data (or one raw file's "
        "version), and which are stale now",
    )
    _add_selection(lineage)
    _add_data(lineage)
    lineage.add_argument(
        "--file", help="a raw file (relative to <root>/<id>/raw/, or a path into it)"
    )
    lineage.add_argument("--agent", action="append", help="only this agent (repeatable)")
    lineage.set_defaults(func=cmd_lineage)

    ui = sub.add_parser(
        "ui",
        help="the Dagster UI (dagster dev) on the instance the CLI records its runs in",
        description="Runs `dagster dev -m mle_pipeline.definitions` with DAGSTER_HOME set to "
        "the CLI's instance ($DAGSTER_HOME, default ~/.cache/mle-pipeline/dagster_home), after "
        "creating seed partitions 0..N-1. Other arguments go to dagster dev (e.g. -p 3000).",
    )
    ui.add_argument(
        "--seeds", type=int, default=3, help="seed partitions to create (default 3: 0, 1, 2)"
    )
    ui.set_defaults(func=cmd_ui)
    serve = sub.add_parser(
        "serve-validation",
        help="serve POST /validate (valid or not, never a score) on loopback or a Unix socket",
    )
    validation_options.add_arguments(serve)
    serve.set_defaults(func=cmd_serve_validation)

    fidelity = sub.add_parser(
        "fidelity",
        help="prepare and grade the sample data with our code and MLE-bench's, and compare",
    )
    _add_selection(fidelity)
    fidelity.add_argument("--mlebench", required=True, metavar="DIR", help="MLE-bench checkout")
    fidelity.add_argument(
        "--mlebench-python", metavar="PY", help="a Python that imports it (default: this one)"
    )
    fidelity.add_argument(
        "--mlebench-commit", metavar="SHA", help="its commit, when DIR is not a git work tree"
    )
    fidelity.add_argument(
        "--record", action="store_true", help="write each competition's expected_scores.yaml"
    )
    fidelity.set_defaults(func=cmd_fidelity)

    backfill = sub.add_parser(
        "backfill",
        help="launch a Dagster backfill of a split (the daemon of `mle-pipeline ui` runs it)",
    )
    _add_selection(backfill)
    backfill.add_argument(
        "--agent", action="append", help="also run and grade this agent (default: prepare only)"
    )
    backfill.add_argument("--seeds", type=int, default=1, help="seeds per competition (default 1)")
    backfill.add_argument(
        "--url",
        default=os.environ.get("MLE_PIPELINE_DAGSTER_URL", DEFAULT_URL),
        help="the Dagster webserver (default $MLE_PIPELINE_DAGSTER_URL or http://127.0.0.1:3000)",
    )
    backfill.add_argument("--wait", action="store_true", help="follow it until it finishes")
    backfill.add_argument("--interval", type=float, default=5.0, help=argparse.SUPPRESS)
    backfill.add_argument(
        "--timeout", type=float, help="with --wait: give up after this many seconds"
    )
    backfill.set_defaults(func=cmd_backfill)

    fetch = sub.add_parser("fetch-leaderboard", help="download final leaderboards from Kaggle")
    _add_selection(fetch)
    _add_data(fetch)
    fetch.add_argument("--dest", help="folder for <id>.csv (default <data root>/leaderboards)")
    fetch.set_defaults(func=cmd_fetch_leaderboard)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, extra = build_parser().parse_known_args(argv)
    if args.command == "ui":
        args.dagster_args = extra  # passed through to dagster dev
    elif extra:
        build_parser().parse_args(argv)  # the usual error for unknown arguments
    if not args.verbose:
        warnings.filterwarnings("ignore")
        logging.getLogger("dagster").setLevel(logging.ERROR)
        os.environ.setdefault("DAGSTER_LOG_LEVEL", "error")
    from mle_pipeline.agents.spec import UnknownAgentError
    from mle_pipeline.registry import UnknownCompetitionError, UnknownSplitError
    from mle_pipeline.registry.competitions import NotImplementedCompetitionError
    from mle_pipeline.sources.base import SourceError

    try:
        status = args.func(args)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at interpreter exit
        return status
    except (
        UsageError,
        UnknownCompetitionError,
        UnknownSplitError,
        UnknownAgentError,
        NotImplementedCompetitionError,
    ) as err:
        print(f"mle-pipeline: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`mle-pipeline list | head`): stop quietly, as `ls | head` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (SourceError, FileNotFoundError, ValueError) as err:
        print(f"mle-pipeline: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("mle-pipeline: interrupted; finished partitions are kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
