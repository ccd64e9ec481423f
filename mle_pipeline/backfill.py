"""Launch and follow a Dagster asset backfill of a split through Dagster's GraphQL API.

GraphQL is Dagster's documented public interface for launching backfills (the Python API
has no public call for it): the backfill is the same object the UI's "Materialize" dialog
creates, the daemon executes it and the UI's backfills page lists it. The API is reached
on a running webserver, or, with no webserver, by ``dagster-graphql`` on this machine's
instance (the code location loaded in a child process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_URL = "http://127.0.0.1:3000"

LAUNCH = """
mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on Error { message }
  }
}
"""

STATUS = """
query Status($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      status
      runs(limit: 10000) { status }
    }
    ... on Error { message }
  }
}
"""

# Backfill statuses after which nothing more runs.
FINISHED = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}
RUN_FAILED = {"FAILURE", "CANCELED"}
RUN_ACTIVE = {"STARTING", "STARTED", "CANCELING"}
RUN_QUEUED = {"QUEUED", "NOT_STARTED", "MANAGED"}


class BackfillError(RuntimeError):
    """The webserver could not be reached or refused the backfill."""


def graphql(url: str, query: str, variables: dict, timeout: float = 60.0) -> dict:
    """POST one GraphQL request to ``<url>/graphql`` and return its ``data``."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(
        f"{url.rstrip('/')}/graphql", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read())
    except (urllib.error.URLError, OSError) as err:
        raise BackfillError(
            f"cannot reach the Dagster webserver at {url} ({err}); start it with "
            "`mle-pipeline ui` (or pass --url)"
        ) from None
    if payload.get("errors"):
        raise BackfillError(f"{url} answered: {payload['errors'][0].get('message')}")
    return payload["data"]


def dagster_graphql_main() -> None:
    """The ``dagster-graphql`` command with the instance as its store of dynamic partitions:
    the command alone cannot resolve the seed partitions a backfill names (Dagster 1.13)."""
    from dagster import DagsterInstance, partition_loading_context
    from dagster_graphql.cli import main

    with (
        DagsterInstance.get() as instance,
        partition_loading_context(dynamic_partitions_store=instance),
    ):
        main()


def graphql_here(query: str, variables: dict, timeout: float = 600.0) -> dict:
    """Run one GraphQL request against ``$DAGSTER_HOME``'s instance without a webserver:
    ``dagster-graphql`` loads the code location (named ``mle_pipeline``, as the UI's)."""
    program = [sys.executable, "-c", f"from {__name__} import dagster_graphql_main as m; m()"]
    with tempfile.TemporaryDirectory(prefix="mle-pipeline-graphql-") as tmp:
        workspace, output = Path(tmp, "workspace.yaml"), Path(tmp, "response.json")
        workspace.write_text(
            "load_from:\n  - python_module:\n      module_name: mle_pipeline.definitions\n"
            "      location_name: mle_pipeline\n"
        )
        command = [*program, "-w", str(workspace), "-t", query, "-v", json.dumps(variables)]
        try:
            done = subprocess.run(
                [*command, "-o", str(output)],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=os.environ.copy(),
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise BackfillError(f"dagster-graphql could not run ({err})") from None
        if done.returncode != 0 or not output.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise BackfillError(f"dagster-graphql failed: {' | '.join(detail)}")
        payload = json.loads(output.read_text())
    if payload.get("errors"):
        raise BackfillError(f"dagster-graphql answered: {payload['errors'][0].get('message')}")
    return payload["data"]


def partitions_by_assets(
    competitions: Sequence[str], agents: Sequence[str], seeds: Sequence[int]
) -> list[dict]:
    """raw + prepared (+ reference_kernels, the plagiarism check's references, when agents
    run) for each competition and, per agent, agent_run + graded_report for each
    competition × seed (multi-partition keys are ``competition|seed``)."""
    single = [{"start": c, "end": c} for c in competitions]
    multi = [{"start": f"{c}|{s}", "end": f"{c}|{s}"} for c in competitions for s in seeds]
    selection = [(["raw"], single), (["prepared"], single)]
    if agents:
        selection.append((["reference_kernels"], single))
    for agent in agents:
        selection += [([agent, "agent_run"], multi), ([agent, "graded_report"], multi)]
    return [{"assetKey": {"path": key}, "partitions": {"ranges": r}} for key, r in selection]


@dataclass(frozen=True)
class Plan:
    """What one backfill covers: implemented competitions, agents, seeds, and its title."""

    competitions: list[str]
    left_out: list[str]
    agents: list[str]
    seeds: list[int]
    title: str


def plan(chosen: Sequence[str], agents: Sequence[str], seeds: Sequence[int], what: str) -> Plan:
    """The implemented competitions among ``chosen`` (the others are left out, and named)."""
    from mle_pipeline.registry import get_competition

    ids = [cid for cid in chosen if get_competition(cid).implemented]
    if not ids:
        raise BackfillError("none of the chosen competitions is implemented yet")
    runs = f" + {', '.join(agents)} × {len(seeds)} seed(s)" if agents else ""
    return Plan(
        competitions=ids,
        left_out=[cid for cid in chosen if cid not in ids],
        agents=list(agents),
        seeds=list(seeds),
        title=f"{what}: prepare{runs}",
    )


def launch(url: str | None, chosen: Plan, tags: dict[str, str] | None = None) -> str:
    """Launch the backfill (on the webserver at ``url``, or on this machine's instance
    when ``url`` is None) and return its id."""
    selection = partitions_by_assets(chosen.competitions, chosen.agents, chosen.seeds)
    return launch_selection(url, selection, chosen.title, tags or {})


def launch_selection(
    url: str | None, selection: list[dict], title: str, tags: dict[str, str]
) -> str:
    """Launch a backfill of ``selection`` (GraphQL ``partitionsByAssets``); its id."""
    params = {
        "partitionsByAssets": selection,
        "title": title,
        "tags": [{"key": k, "value": v} for k, v in tags.items()],
    }
    variables = {"params": params}
    data = graphql(url, LAUNCH, variables) if url else graphql_here(LAUNCH, variables)
    result = data["launchPartitionBackfill"]
    if result["__typename"] != "LaunchBackfillSuccess":
        detail = result.get("message") or json.dumps(result)
        raise BackfillError(f"Dagster refused the backfill ({result['__typename']}): {detail}")
    return result["backfillId"]


@dataclass(frozen=True)
class Progress:
    status: str
    done: int
    running: int
    queued: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def line(self, elapsed: float) -> str:
        return (
            f"[{elapsed:7.0f}s] backfill {self.status.lower()}: {self.done} run(s) done, "
            f"{self.running} running, {self.queued} queued, {self.failed} failed"
        )


def progress(url: str, backfill_id: str) -> Progress:
    result = graphql(url, STATUS, {"id": backfill_id})["partitionBackfillOrError"]
    if result["__typename"] != "PartitionBackfill":
        raise BackfillError(f"backfill {backfill_id}: {result.get('message')}")
    runs = [r["status"] for r in result["runs"]]
    return Progress(
        status=result["status"],
        done=runs.count("SUCCESS"),
        running=sum(s in RUN_ACTIVE for s in runs),
        queued=sum(s in RUN_QUEUED for s in runs),
        failed=sum(s in RUN_FAILED for s in runs),
    )


def follow(
    url: str,
    backfill_id: str,
    interval: float = 5.0,
    timeout: float | None = None,
    echo: Callable[[str], None] = print,
) -> Progress:
    """Print a line whenever the backfill's counts change, until it finishes."""
    started = time.monotonic()
    last: Progress | None = None
    while True:
        current = progress(url, backfill_id)
        if current != last:
            echo(current.line(time.monotonic() - started))
            last = current
        if current.finished:
            return current
        if timeout is not None and time.monotonic() - started > timeout:
            raise BackfillError(f"backfill {backfill_id} still {current.status} after {timeout}s")
        time.sleep(interval)
