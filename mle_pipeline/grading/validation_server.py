"""A validation server for agents: is this submission valid? Never: what does it score?

MLE-bench lets an agent check its submission's format against the grader while it works
(``/home/validate_submission.sh`` posts the file to a grading server). This is that server,
stdlib only (``http.server``), answers read server-side from ``<root>/<id>/prepared/``:

    GET  /health                          -> 200 {"status": "ok", "competitions": [...]}
    POST /validate?competition_id=<id>    -> 200 {"valid": bool, "reason": str}

The submission is the raw request body, or the ``file`` field of a multipart/form-data body
(``curl -F file=@submission.csv``). Bodies over ``max_bytes`` get 413 (before the body is
sent when the client asks ``Expect: 100-continue``, as curl does); a competition that is
unknown, not served or not prepared gets 404. Every reply is JSON with ``valid`` and
``reason`` and nothing else about the answers: the score is computed and thrown away.

    python -m mle_pipeline.grading.validation_server --data-root DIR \\
        [--competition-id ID ...] [--host 127.0.0.1] [--port 5000] [--unix-socket PATH]
"""

from __future__ import annotations

import argparse
import json
import logging
import mmap
import os
import re
import socket
import socketserver
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mle_pipeline.grading.grade import load_answers, score_submission
from mle_pipeline.layout import DataLayout
from mle_pipeline.registry import Competition, UnknownCompetitionError, get_competition

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000  # MLE-bench's grading server port
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
CHUNK = 1 << 20
MAX_REASON_CHARS = 500
# After an early 413, read and drop at most this much of the unwanted body (so the client,
# still sending, gets the reply rather than a reset); beyond it the connection is closed.
DRAIN_LIMIT = 64 * 1024 * 1024
VALID_REASON = "submission is valid"


class BodyTooLarge(Exception):
    pass


class BadRequest(Exception):
    pass


@dataclass
class ValidationService:
    """What the server validates against: a data root and, optionally, the only ids served."""

    layout: DataLayout
    competitions: frozenset[str] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_concurrent: int = 2
    spool_dir: Path | None = None
    _answers: dict[str, object] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _slots: threading.BoundedSemaphore | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.max_concurrent)

    def served(self) -> list[str]:
        if self.competitions is not None:
            return sorted(self.competitions)
        root = self.layout.root
        found = root.glob("*/prepared") if root.is_dir() else ()
        return sorted(p.parent.name for p in found)

    def competition(self, competition_id: str | None) -> tuple[Competition | None, str]:
        """The competition to validate against, or (None, why it is not served)."""
        if not competition_id:
            served = self.served()
            if len(served) != 1:
                return None, "say which competition: POST /validate?competition_id=<id>"
            competition_id = served[0]
        if self.competitions is not None and competition_id not in self.competitions:
            return None, f"competition {competition_id!r} is not served here"
        try:
            competition = get_competition(competition_id)
        except UnknownCompetitionError:
            return None, f"unknown competition {competition_id!r}"
        if not competition.implemented:
            return None, f"competition {competition_id!r} is not implemented"
        if not self.answers_path(competition).is_file():
            return None, f"competition {competition_id!r} is not prepared on this server"
        return competition, ""

    def answers_path(self, competition: Competition) -> Path:
        return self.layout.prepared_dir(competition.id) / competition.answers

    def answers(self, competition: Competition) -> object:
        with self._lock:
            if competition.id not in self._answers:
                self._answers[competition.id] = load_answers(self.answers_path(competition))
            return self._answers[competition.id]

    def validate(self, competition: Competition, submission: Path) -> tuple[bool, str]:
        """(valid, reason): the grader runs, its score is dropped here and never returned."""
        assert self._slots is not None
        with self._slots:
            score, reason = score_submission(competition, submission, self.answers(competition))
        if score is not None:
            return True, VALID_REASON
        reason = (reason or "invalid submission").replace(str(submission), "the submission")
        if len(reason) > MAX_REASON_CHARS:
            reason = reason[: MAX_REASON_CHARS - 3] + "..."
        return False, reason


def _copy_limited(read, out, length: int, limit: int) -> None:
    """Copy ``length`` bytes from ``read`` to ``out``."""
    if length > limit:
        raise BodyTooLarge
    remaining = length
    while remaining > 0:
        chunk = read(min(CHUNK, remaining))
        if not chunk:
            raise BadRequest("the request body ended before its Content-Length")
        out.write(chunk)
        remaining -= len(chunk)


def _copy_chunked(rfile, out, limit: int) -> None:
    """Decode a ``Transfer-Encoding: chunked`` body into ``out``, at most ``limit`` bytes."""
    total = 0
    while True:
        line = rfile.readline(1024)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BadRequest("malformed chunked body") from None
        if size == 0:
            while rfile.readline(1024).strip():  # trailers
                pass
            return
        total += size
        if total > limit:
            raise BodyTooLarge
        _copy_limited(rfile.read, out, size, limit)
        rfile.readline(8)  # CRLF after the chunk


_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_DISPOSITION_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)


def extract_multipart_file(body: Path, content_type: str, out: Path) -> None:
    """Write the ``file`` part (else the first part with a filename) of a multipart body.

    The body is already on disk; it is searched through ``mmap``, so even a body at the size
    limit is not read into memory at once.
    """
    match = _BOUNDARY.search(content_type)
    if not match:
        raise BadRequest("multipart body without a boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    if body.stat().st_size == 0:
        raise BadRequest("empty multipart body")
    with open(body, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        position = mm.find(delimiter)
        chosen: tuple[int, int] | None = None
        while position != -1:
            header_start = position + len(delimiter)
            if mm[header_start : header_start + 2] == b"--":
                break  # closing delimiter
            header_end = mm.find(b"\r\n\r\n", header_start)
            if header_end == -1:
                break
            headers = mm[header_start:header_end]
            content_start = header_end + 4
            following = mm.find(b"\r\n" + delimiter, content_start)
            if following == -1:
                raise BadRequest("multipart body is truncated (no closing boundary)")
            name = _DISPOSITION_NAME.search(headers)
            if name and name.group(1) == b"file":
                chosen = (content_start, following)
                break
            if chosen is None and b"filename=" in headers.lower():
                chosen = (content_start, following)
            position = following + 2
        if chosen is None:
            raise BadRequest("multipart body has no 'file' field")
        with open(out, "wb") as dest:
            for start in range(chosen[0], chosen[1], CHUNK):
                dest.write(mm[start : min(start + CHUNK, chosen[1])])


class ValidationHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mle-pipeline-validation/1"
    timeout = 120  # seconds a silent client may hold a connection

    @property
    def service(self) -> ValidationService:
        return self.server.service  # type: ignore[attr-defined]

    # -- replies ---------------------------------------------------------------------------
    def _reply(self, status: int, payload: dict, *, close: bool = False) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _verdict(self, status: int, valid: bool, reason: str, *, close: bool = False) -> None:
        self._reply(status, {"valid": valid, "reason": reason}, close=close)

    def _too_large(self) -> None:
        limit = self.service.max_bytes
        self._verdict(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            False,
            f"the request body is over this server's limit of {limit} bytes",
            close=True,
        )

    def _drain(self, length: int | None) -> None:
        """Drop an unwanted body the client is still sending, up to DRAIN_LIMIT bytes."""
        if not length:
            return
        remaining = min(length, DRAIN_LIMIT)
        try:
            while remaining > 0:
                chunk = self.rfile.read(min(CHUNK, remaining))
                if not chunk:
                    return
                remaining -= len(chunk)
        except OSError:
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - base class signature
        log.info("%s %s", self.address_string(), format % args)

    def address_string(self) -> str:
        address = self.client_address
        return address[0] if isinstance(address, tuple) and address else "unix-socket"

    # -- request plumbing ------------------------------------------------------------------
    def _content_length(self) -> int | None:
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        try:
            length = int(value)
        except ValueError:
            raise BadRequest("Content-Length is not a number") from None
        if length < 0:
            raise BadRequest("Content-Length is negative")
        return length

    def handle_expect_100(self) -> bool:
        """Answer 413 before the client sends a body that would be refused (curl waits)."""
        try:
            length = self._content_length()
        except BadRequest:
            length = None
        if length is not None and length > self.service.max_bytes:
            self._too_large()
            return False
        return super().handle_expect_100()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path.rstrip("/")
        if path == "/health":
            self._reply(HTTPStatus.OK, {"status": "ok", "competitions": self.service.served()})
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": f"no such endpoint {path!r}"})

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        try:
            length = self._content_length()
        except BadRequest as err:
            self._verdict(HTTPStatus.BAD_REQUEST, False, str(err), close=True)
            return
        if url.path.rstrip("/") != "/validate":
            missing = {"error": f"no such endpoint {url.path!r}"}
            self._reply(HTTPStatus.NOT_FOUND, missing, close=True)
            self._drain(length)
            return
        competition_id = (parse_qs(url.query).get("competition_id") or [None])[0]
        competition, why = self.service.competition(competition_id)
        if competition is None:
            self._verdict(HTTPStatus.NOT_FOUND, False, why, close=True)
            self._drain(length)
            return
        if length is not None and length > self.service.max_bytes:
            self._too_large()
            self._drain(length)
            return
        with tempfile.TemporaryDirectory(prefix="validate-", dir=self.service.spool_dir) as tmp:
            self._validate(competition, length, Path(tmp))

    def _validate(self, competition: Competition, length: int | None, tmp: Path) -> None:
        body, submission = tmp / "body", tmp / "submission.csv"
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        try:
            with open(body, "wb") as out:
                if chunked:
                    _copy_chunked(self.rfile, out, self.service.max_bytes)
                elif length:
                    _copy_limited(self.rfile.read, out, length, self.service.max_bytes)
            content_type = self.headers.get("Content-Type", "")
            if content_type.lower().startswith("multipart/form-data"):
                extract_multipart_file(body, content_type, submission)
                body.unlink()
            else:
                body.rename(submission)
        except BodyTooLarge:
            self._too_large()
            return
        except BadRequest as err:
            self._verdict(HTTPStatus.BAD_REQUEST, False, str(err), close=True)
            return
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return
        if submission.stat().st_size == 0:
            self._verdict(HTTPStatus.OK, False, "the submission is empty")
            return
        valid, reason = self.service.validate(competition, submission)
        self._verdict(HTTPStatus.OK, valid, reason)


class ValidationHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, service: ValidationService):
        self.service = service
        super().__init__(address, ValidationHandler)


class UnixValidationHTTPServer(ValidationHTTPServer):
    """The same server on a Unix socket: reachable from a container with no network."""

    address_family = socket.AF_UNIX

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        os.chmod(self.server_address, 0o666)
        self.server_name, self.server_port = "localhost", 0


def make_server(
    service: ValidationService,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    unix_socket: Path | None = None,
) -> ValidationHTTPServer:
    if unix_socket is not None:
        unix_socket.unlink(missing_ok=True)
        return UnixValidationHTTPServer(str(unix_socket), service)
    return ValidationHTTPServer((host, port), service)


def _parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mle_pipeline.grading.validation_server",
        description="Serve submission validation (valid or not, never the score) to agents.",
    )
    parser.add_argument(
        "--data-root", type=Path, default=None, help="data root (default: $MLE_PIPELINE_DATA)"
    )
    parser.add_argument(
        "--competition-id",
        action="append",
        dest="competitions",
        help="serve only this competition (repeatable; default: every prepared one)",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="bind address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default: %(default)s")
    parser.add_argument("--unix-socket", type=Path, help="listen on this Unix socket instead")
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest accepted body"
    )
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    from mle_pipeline.layout import default_data_root

    args = _parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    service = ValidationService(
        DataLayout(args.data_root.expanduser() if args.data_root else default_data_root()),
        competitions=frozenset(args.competitions) if args.competitions else None,
        max_bytes=args.max_bytes,
    )
    for competition_id in service.served():
        competition, why = service.competition(competition_id)
        if competition is None:
            log.warning("%s", why)
    server = make_server(service, args.host, args.port, args.unix_socket)
    where = args.unix_socket or f"http://{args.host}:{server.server_address[1]}"
    print(f"validation server on {where} for {', '.join(service.served()) or 'nothing yet'}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if args.unix_socket:
            args.unix_socket.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
