"""Launch and follow a Dagster asset backfill of a split through the webserver's GraphQL API.

GraphQL is Dagster's documented public interface for launching backfills (the Python API
has no public call for it): the backfill is the same object the UI's "Materialize" dialog
creates, the daemon executes it and the UI's backfills page lists it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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


def partitions_by_assets(
    competitions: Sequence[str], agents: Sequence[str], seeds: Sequence[int]
) -> list[dict]:
    """raw + prepared for each competition and, per agent, agent_run + graded_report for
    each competition × seed (multi-partition keys are ``competition|seed``)."""
    single = [{"start": c, "end": c} for c in competitions]
    multi = [{"start": f"{c}|{s}", "end": f"{c}|{s}"} for c in competitions for s in seeds]
    selection = [(["raw"], single), (["prepared"], single)]
    for agent in agents:
        selection += [([agent, "agent_run"], multi), ([agent, "graded_report"], multi)]
    return [{"assetKey": {"path": key}, "partitions": {"ranges": r}} for key, r in selection]


def launch(
    url: str,
    competitions: Sequence[str],
    agents: Sequence[str],
    seeds: Sequence[int],
    title: str,
    tags: dict[str, str] | None = None,
) -> str:
    """Launch the backfill and return its id."""
    params = {
        "partitionsByAssets": partitions_by_assets(competitions, agents, seeds),
        "title": title,
        "tags": [{"key": k, "value": v} for k, v in (tags or {}).items()],
    }
    result = graphql(url, LAUNCH, {"params": params})["launchPartitionBackfill"]
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
