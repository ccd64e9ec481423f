"""What an agent reported through Dagster Pipes, as plain values for run.json and metadata."""

from __future__ import annotations

from typing import Any

from dagster import PipesSession


def reported_metadata(session: PipesSession, **ours: Any) -> dict[str, Any]:
    """The metadata of the agent's reported materializations and its custom messages (a dict
    message adds its keys; any other message is kept under ``message``).

    ``ours`` (facts the runner knows, e.g. the sandbox) come last: an agent cannot
    overwrite them."""
    reported: dict[str, Any] = {}
    for result in session.get_results():
        reported.update(getattr(result, "metadata", None) or {})
    for message in session.get_custom_messages():
        if isinstance(message, dict):
            reported.update(message)
        else:
            reported["message"] = message
    reported.update(ours)
    return {str(k): getattr(v, "value", v) for k, v in reported.items()}
