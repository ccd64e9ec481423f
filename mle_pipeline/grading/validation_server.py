"""A validation server for agents: is this submission valid? Never: what does it score?

MLE-bench lets an agent check its submission's format against the grader while it works
(``/home/validate_submission.sh`` posts the file to a grading server). This is that server:
a WSGI app served by waitress (HTTP parsing, chunked decoding, body limits, a bounded
worker pool, timeouts), multipart bodies parsed by ``multipart``; answers are read
server-side from ``<root>/<id>/prepared/``:

    GET  /health                          -> 200 {"status": "ok", "competitions": [...]}
    POST /validate?competition_id=<id>    -> 200 {"valid": bool, "reason": str}

The submission is the raw request body, or the ``file`` field of a multipart/form-data body
(``curl -F file=@submission.csv``). A body over ``max_bytes``, however it is sent
(Content-Length or chunked), gets 413 from waitress before the app sees it (before the
body is sent when the client asks ``Expect: 100-continue``, as curl does); a competition
that is unknown, not served or not prepared gets 404. Every verdict is JSON with ``valid``
and ``reason`` and nothing else about the answers: the score is computed and thrown away,
and a reason never quotes a value of the answers that is not in the public files.

waitress reads whole requests in its I/O loop before a worker thread sees them, so a slow
client holds a connection (closed after ``CHANNEL_TIMEOUT`` s of silence), never a worker.

    mle-pipeline serve-validation --data-root DIR [--competition-id ID ...] \\
        [--host 127.0.0.1] [--port 5000] [--unix-socket PATH] [--max-bytes N]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

import multipart
import pandas as pd
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server

from mle_pipeline.grading.grade import load_answers, score_submission, size_limit
from mle_pipeline.grading.validation_options import (
    DEFAULT_HOST,
    DEFAULT_MAX_BYTES,
    DEFAULT_PORT,
    add_arguments,
)
from mle_pipeline.layout import DataLayout
from mle_pipeline.registry import Competition, UnknownCompetitionError, get_competition

log = logging.getLogger(__name__)

CHUNK = 1 << 20
MAX_REASON_CHARS = 500
VALID_REASON = "submission is valid"
THREADS = 4  # waitress workers per listener; gradings themselves are limited by max_concurrent
CONNECTION_LIMIT = 256  # more wait in the listen backlog, they are not reset
BACKLOG = 1024
CHANNEL_TIMEOUT = 60  # seconds a silent connection is kept
REDACTED = "<redacted>"
# Answer values considered for redaction: at most this many distinct strings.
MAX_SECRET_VALUES = 200_000


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
    _secrets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
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
                answers = load_answers(self.answers_path(competition))
                self._answers[competition.id] = answers
                public = self.layout.public_dir(competition.id) / competition.sample_submission
                self._secrets[competition.id] = secret_values(answers, public)
            return self._answers[competition.id]

    def validate(self, competition: Competition, submission: Path) -> tuple[bool, str]:
        """(valid, reason): the grader runs, its score is dropped here and never returned."""
        assert self._slots is not None
        with self._slots:
            answers = self.answers(competition)
            answers_path = self.answers_path(competition)
            score, reason = score_submission(
                competition, submission, answers, size_limit(answers_path), answers_path
            )
        if score is not None:
            return True, VALID_REASON
        reason = (reason or "invalid submission").replace(str(submission), "the submission")
        reason = redact(reason, self._secrets.get(competition.id, frozenset()))
        if len(reason) > MAX_REASON_CHARS:
            reason = reason[: MAX_REASON_CHARS - 3] + "..."
        return False, reason


# ----------------------------------------------------------------------- not leaking answers


def secret_values(answers: object, public_sample: Path) -> frozenset[str]:
    """Text values of the answers that the public sample submission does not show.

    A grader message quoting one of them (an error listing the expected labels, an expected
    string) would tell an agent something about the answers; :func:`redact` removes them.
    """
    if isinstance(answers, pd.DataFrame):
        columns = [answers[c] for c in answers.columns if answers[c].dtype == object]
        values = {str(v) for column in columns for v in column.dropna().unique()}
    elif isinstance(answers, list):
        values = {str(v) for row in answers for v in row.values() if isinstance(v, str)}
    else:
        values = set()
    if len(values) > MAX_SECRET_VALUES:
        values = set(sorted(values, key=len)[:MAX_SECRET_VALUES])
    public: set[str] = set()
    if public_sample.is_file() and public_sample.suffix == ".csv":
        sample = pd.read_csv(public_sample, dtype=str, keep_default_na=False)
        public = set(sample.columns)
        for column in sample.columns:
            public.update(sample[column].unique())
    return frozenset(v for v in values - public if v.strip())


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_TOKEN = re.compile(r"[^\s'\",\[\]{}()<>:;=]+")


def redact(reason: str, secrets: frozenset[str]) -> str:
    """``reason`` with every quoted string and word that is a secret value replaced."""
    if not secrets:
        return reason

    def quoted(match: re.Match) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return REDACTED if inner in secrets else match.group(0)

    def token(match: re.Match) -> str:
        return REDACTED if match.group(0) in secrets else match.group(0)

    return _TOKEN.sub(token, _QUOTED.sub(quoted, reason))


# -------------------------------------------------------------------------- the WSGI app


def _json(start_response: Callable, status: int, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def _spool_body(environ: dict, out: Path, limit: int) -> None:
    """Copy the (already de-chunked, already size-checked by waitress) body to ``out``."""
    stream = environ["wsgi.input"]
    total = 0
    with open(out, "wb") as handle:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limit:  # waitress enforces it; never trust one layer alone
                raise BadRequest(f"the request body is over this server's limit of {limit} bytes")
            handle.write(chunk)


def _multipart_file(body: Path, content_type: str, out: Path, limit: int) -> None:
    """Write the ``file`` part (else the first part with a filename) of a multipart body."""
    _, options = multipart.parse_options_header(content_type)
    boundary = options.get("boundary")
    if not boundary:
        raise BadRequest("multipart body without a boundary")
    chosen = None
    try:
        with open(body, "rb") as stream:
            parser = multipart.MultipartParser(
                stream,
                boundary,
                content_length=body.stat().st_size,
                part_limit=16,
                partsize_limit=limit,
                spool_limit=1 << 20,
                memory_limit=4 << 20,
                disk_limit=limit,
                strict=True,
            )
            for part in parser:
                if part.name == "file" or (chosen is None and part.filename):
                    if chosen is not None:
                        chosen.close()
                    chosen = part
                    if part.name == "file":
                        break
                else:
                    part.close()
            if chosen is None:
                raise BadRequest("multipart body has no 'file' field")
            chosen.save_as(str(out))
            chosen.close()
    except multipart.MultipartError as err:
        raise BadRequest(f"malformed multipart body: {err}") from None


def make_app(service: ValidationService) -> Callable:
    """The WSGI application: /health and /validate."""

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "").rstrip("/")
        if path == "/health" and method in ("GET", "HEAD"):
            return _json(start_response, 200, {"status": "ok", "competitions": service.served()})
        if path != "/validate":
            return _json(start_response, 404, {"error": f"no such endpoint {path!r}"})
        if method != "POST":
            return _json(start_response, 405, {"valid": False, "reason": "POST the submission"})
        query = parse_qs(environ.get("QUERY_STRING", ""))
        competition, why = service.competition((query.get("competition_id") or [None])[0])
        if competition is None:
            return _json(start_response, 404, {"valid": False, "reason": why})
        with tempfile.TemporaryDirectory(prefix="validate-", dir=service.spool_dir) as tmp:
            valid, reason, status = _validate(service, competition, environ, Path(tmp))
        return _json(start_response, status, {"valid": valid, "reason": reason})

    return app


def _validate(
    service: ValidationService, competition: Competition, environ: dict, tmp: Path
) -> tuple[bool, str, int]:
    body, submission = tmp / "body", tmp / "submission.csv"
    content_type = environ.get("CONTENT_TYPE", "")
    try:
        _spool_body(environ, body, service.max_bytes)
        if content_type.lower().startswith("multipart/form-data"):
            _multipart_file(body, content_type, submission, service.max_bytes)
            body.unlink()
        else:
            body.rename(submission)
    except BadRequest as err:
        return False, str(err), 400
    if submission.stat().st_size == 0:
        return False, "the submission is empty", 200
    valid, reason = service.validate(competition, submission)
    return valid, reason, 200


# ------------------------------------------------------------------------------ serving


class _Channel(HTTPChannel):
    """waitress's channel, but no ``100 Continue`` for a request already refused (a body
    over the limit): the client gets the 413 before it sends the body, as curl expects."""

    def send_continue(self) -> None:
        if self.request is not None and self.request.error is not None:
            return
        super().send_continue()


class ValidationServer:
    """One waitress listener (TCP or Unix socket) with a stoppable serving loop.

    ``serve_forever``/``shutdown``/``server_close``/``server_address`` as in
    ``socketserver``, so callers run it in a thread and stop it from another.
    """

    def __init__(self, service: ValidationService, **listen: object) -> None:
        self.service = service
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._map: dict = {}
        self._server = create_server(
            make_app(service),
            map=self._map,
            threads=THREADS,
            connection_limit=CONNECTION_LIMIT,
            backlog=BACKLOG,
            channel_timeout=CHANNEL_TIMEOUT,
            max_request_body_size=service.max_bytes,  # waitress refuses a body of this size or more
            max_request_header_size=64 * 1024,
            expose_tracebacks=False,
            ident="mle-pipeline-validation",
            clear_untrusted_proxy_headers=True,
            **listen,
        )
        self._server.channel_class = _Channel
        self._unix_socket = listen.get("unix_socket")
        name = self._server.socket.getsockname()
        self.server_address = name if isinstance(name, tuple) else (str(name), 0)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._map, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop the loop (returns once it has stopped) and the worker threads."""
        self._stop.set()
        self._server.pull_trigger()
        self._stopped.wait()
        self._server.task_dispatcher.shutdown(timeout=5)

    def server_close(self) -> None:
        for channel in list(self._map.values()):
            try:
                channel.close()
            except OSError:
                pass
        self._map.clear()
        if self._unix_socket:
            Path(str(self._unix_socket)).unlink(missing_ok=True)


def make_server(
    service: ValidationService,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    unix_socket: Path | None = None,
) -> ValidationServer:
    if unix_socket is not None:
        return ValidationServer(service, unix_socket=str(unix_socket), unix_socket_perms="666")
    return ValidationServer(service, host=host, port=port)


def serve(args: argparse.Namespace) -> int:
    """Serve until interrupted, with options from :func:`add_arguments`."""
    from mle_pipeline.layout import default_data_root

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
    print(
        f"validation server on {where} for {', '.join(service.served()) or 'nothing yet'}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mle_pipeline.grading.validation_server",
        description="Serve submission validation (valid or not, never the score) to agents.",
    )
    add_arguments(parser)
    return serve(parser.parse_args(list(argv) if argv is not None else None))


if __name__ == "__main__":
    raise SystemExit(main())
