"""The validation endpoint of one agent run, and the client agents use to call it.

The run side (host, needs the full package)::

    with serving_validation(competition_id, layout) as endpoint:
        runner.run(..., extra_env={..., **endpoint.env()})

serves the competition on a free loopback port *and* on a Unix socket in a private temp
folder, for the length of the run. ``endpoint.env()`` gives the agent

    VALIDATION_URL      http://127.0.0.1:<port>/validate?competition_id=<id>
    VALIDATION_SOCKET   <tmp>/validate.sock

A local agent can use either. A container has no network (``network_mode="none"``), so the
docker runner mounts the socket's folder into the container and rewrites both variables
(the socket is the only way out of the container, and it only says valid or not).

The agent side (stdlib only, so it runs in the agent image)::

    python -m mle_pipeline.agents.validation [/home/submission/submission.csv]

prints the server's JSON answer and exits 0 when valid, 1 when invalid, 2 when it could not ask.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

URL_ENV = "VALIDATION_URL"
SOCKET_ENV = "VALIDATION_SOCKET"
SOCKET_NAME = "validate.sock"
DEFAULT_SUBMISSION = "/home/submission/submission.csv"


@dataclass(frozen=True)
class ValidationEndpoint:
    competition_id: str
    url: str
    socket_path: Path

    def env(self) -> dict[str, str]:
        return {URL_ENV: self.url, SOCKET_ENV: str(self.socket_path)}


@contextlib.contextmanager
def serving_validation(
    competition_id: str, layout, *, max_bytes: int | None = None
) -> Iterator[ValidationEndpoint]:
    """Serve validation for ``competition_id`` in threads until the block exits."""
    from mle_pipeline.grading.validation_server import (
        DEFAULT_MAX_BYTES,
        ValidationService,
        make_server,
    )

    service = ValidationService(
        layout, frozenset([competition_id]), max_bytes=max_bytes or DEFAULT_MAX_BYTES
    )
    competition, why = service.competition(competition_id)
    if competition is None:
        raise FileNotFoundError(f"cannot serve validation: {why}")
    folder = Path(tempfile.mkdtemp(prefix="mle-validate-"))  # short: socket paths max ~107
    servers, serving = [], []
    try:
        servers.append(make_server(service, "127.0.0.1", 0))
        servers.append(make_server(service, unix_socket=folder / SOCKET_NAME))
        for server in servers:
            threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": POLL_SECONDS},
                name=f"validation-{competition_id}",
                daemon=True,
            ).start()
            serving.append(server)
        port = servers[0].server_address[1]
        yield ValidationEndpoint(
            competition_id,
            f"http://127.0.0.1:{port}/validate?competition_id={quote(competition_id)}",
            folder / SOCKET_NAME,
        )
    finally:
        _shut_down(serving)  # never a server that is not serving: its shutdown would wait forever
        for server in servers:
            server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


# A serving loop sees a shutdown request at its next poll: this bounds how long a run waits
# for its validation servers once the agent is done.
POLL_SECONDS = 0.01


def _shut_down(servers: list) -> None:
    """Stop serving loops, all at once (each ``shutdown`` waits for its loop's next poll)."""
    stopping = [threading.Thread(target=server.shutdown) for server in servers]
    for thread in stopping:
        thread.start()
    for thread in stopping:
        thread.join()


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def validate_file(
    path: str | Path,
    url: str | None = None,
    socket_path: str | None = None,
    *,
    timeout: float = 600,
) -> tuple[int, dict]:
    """POST a submission file to the validation server: (HTTP status, JSON answer)."""
    url = url or os.environ.get(URL_ENV) or "http://127.0.0.1:5000/validate"
    socket_path = socket_path if socket_path is not None else os.environ.get(SOCKET_ENV)
    parts = urlsplit(url)
    target = parts.path or "/validate"
    if parts.query:
        target += "?" + parts.query
    if socket_path:
        connection: http.client.HTTPConnection = _UnixHTTPConnection(socket_path, timeout)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    size = os.path.getsize(path)
    try:
        with open(path, "rb") as body:
            try:
                connection.request(
                    "POST",
                    target,
                    body=body,
                    headers={"Content-Type": "text/csv", "Content-Length": str(size)},
                )
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused mid-upload (too large): its answer is already on the socket
            response = connection.getresponse()
            raw = response.read()
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = {"valid": False, "reason": raw.decode(errors="replace")[:500]}
        return response.status, answer
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else DEFAULT_SUBMISSION
    if not os.path.isfile(path):
        print(json.dumps({"valid": False, "reason": f"no file at {path}"}))
        return 1
    try:
        _, answer = validate_file(path)
    except OSError as err:
        print(json.dumps({"valid": False, "reason": f"validation server unreachable: {err}"}))
        return 2
    print(json.dumps(answer))
    return 0 if answer.get("valid") else 1


if __name__ == "__main__":
    sys.exit(main())
