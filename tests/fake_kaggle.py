"""A fake Kaggle API for tests: real HTTP on 127.0.0.1, scriptable failures.

It answers the requests the official ``kaggle`` 2.2.4 client (via ``kagglesdk``) makes,
so tests run the real client code path against it:

* ``POST /api/v1/security.OAuthService/IntrospectToken`` (``KAGGLE_API_TOKEN`` login),
* ``POST /api/v1/competitions.CompetitionApiService/ListCompetitions``,
* ``POST /api/v1/competitions.CompetitionApiService/DownloadDataFiles`` — answered, like
  Kaggle, with a 302 redirect to a (fake "signed") URL ending in ``.zip``,
* ``GET /files/<id>.zip?...`` — the zip itself, with ``Content-Length``,
* ``POST /api/v1/competitions.CompetitionApiService/GetLeaderboard`` (paged),
* ``POST /api/v1/kernels.KernelsApiService/GetKernel`` (``KaggleApi.kernels_pull``): the
  notebook's metadata and its source in ``blob``.

Failures are scripted per stage (``api``: the DownloadDataFiles call, ``file``: the zip
GET, ``leaderboard``: GetLeaderboard, ``kernel``: GetKernel) with :meth:`FakeKaggle.fail`,
or drawn at random by a ``chaos`` callable. Modes:

``401`` ``403`` (rules not accepted) ``404`` ``429`` ``500`` ``503``
``drop`` (close the connection without answering), ``truncate`` (send half the body of
a full ``Content-Length``, then close), ``corrupt`` (full length, one byte flipped),
``stall`` (hang until the client times out or the server stops).
"""

from __future__ import annotations

import base64
import binascii
import collections
import io
import json
import threading
import urllib.parse
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "/api/v1/"
INTROSPECT = API + "security.OAuthService/IntrospectToken"
LIST_COMPETITIONS = API + "competitions.CompetitionApiService/ListCompetitions"
DOWNLOAD_DATA_FILES = API + "competitions.CompetitionApiService/DownloadDataFiles"
GET_LEADERBOARD = API + "competitions.CompetitionApiService/GetLeaderboard"
GET_KERNEL = API + "kernels.KernelsApiService/GetKernel"
FILES = "/files/"

RULES_MESSAGE = "You must accept this competition's rules before you'll be able to download files."
STAGES = ("api", "file", "leaderboard", "kernel")
MODES = ("401", "403", "404", "429", "500", "503", "drop", "truncate", "corrupt", "stall")


def make_zip(files: dict[str, bytes]) -> bytes:
    """A stored (uncompressed) zip, so a flipped byte lands in member data and fails CRC."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


@dataclass
class FakeCompetition:
    zip_bytes: bytes
    leaderboard: list[dict] = field(default_factory=list)
    rules_accepted: bool = True


class FakeKaggle:
    """The server; use as a context manager. ``base_url`` is ``http://127.0.0.1:<port>``."""

    def __init__(self, username: str = "fake-user", key: str = "fake-key", token: str = ""):
        self.username = username
        self.key = key
        self.token = token
        self.competitions: dict[str, FakeCompetition] = {}
        self.kernels: dict[str, dict] = {}  # "owner/slug" -> blob (source, language, ...)
        self.failures: dict[str, collections.deque[str]] = {s: collections.deque() for s in STAGES}
        self.chaos: Callable[[str], str | None] | None = None
        self.requests: list[tuple[str, str]] = []  # (method, path without query)
        self.seen_auth: list[str] = []  # "basic:<user>", "bearer", or "none"
        self.stall_seconds = 30.0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ---------------------------------------------------------------------

    def add_competition(
        self,
        competition_id: str,
        zip_bytes: bytes,
        leaderboard: list[dict] | None = None,
        rules_accepted: bool = True,
    ) -> None:
        self.competitions[competition_id] = FakeCompetition(
            zip_bytes, list(leaderboard or []), rules_accepted
        )

    def add_kernel(
        self, ref: str, source: str, language: str = "python", kernel_type: str = "notebook"
    ) -> None:
        slug = ref.split("/", 1)[1]
        self.kernels[ref] = {
            "source": source,
            "language": language,
            "kernelType": kernel_type,
            "slug": slug,
        }

    def fail(self, stage: str, *modes: str) -> None:
        """Make the next requests at ``stage`` fail with ``modes``, in order, once each."""
        assert stage in STAGES, stage
        for mode in modes:
            assert mode in MODES, mode
            self.failures[stage].append(mode)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for _, p in self.requests if p == path or p.startswith(path))

    def _next_failure(self, stage: str) -> str | None:
        with self._lock:
            if self.failures[stage]:
                return self.failures[stage].popleft()
        return self.chaos(stage) if self.chaos is not None else None

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeKaggle:
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._release.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-kaggle"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # wake stalled handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeKaggle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKaggle
    protocol_version = "HTTP/1.0"  # one request per connection: a close is an end of body

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # keep test output quiet

    # -- helpers -----------------------------------------------------------------------

    def _json(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        # Kaggle's API answers errors as JSON {"code": ..., "message": ...}.
        extra = {"Retry-After": "1"} if status == 429 else None
        self._json(status, {"code": status, "message": message}, extra)

    def _plain_error(self, status: int) -> None:
        # The storage host answers errors as HTML/text, not JSON.
        body = f"<html><body>error {status}</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def _auth(self) -> bool:
        fake = self.fake
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                user, _, key = base64.b64decode(header[6:]).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            fake.seen_auth.append(f"basic:{user}")
            return user == fake.username and key == fake.key
        if header.startswith("Bearer "):
            fake.seen_auth.append("bearer")
            return bool(fake.token) and header[7:] == fake.token
        fake.seen_auth.append("none")
        return False

    def _common_failure(self, mode: str | None, *, json_errors: bool = True) -> bool:
        """Answer with a failure ``mode`` if it applies to any stage; True if answered."""
        if mode is None:
            return False
        if mode == "drop":
            self.close_connection = True
            return True
        if mode == "stall":
            self.fake._release.wait(self.fake.stall_seconds)
            self.close_connection = True
            return True
        status = {"401": 401, "403": 403, "404": 404, "429": 429, "500": 500, "503": 503}.get(mode)
        if status is None:
            return False
        if not json_errors:
            self._plain_error(status)
            return True
        message = {
            401: "Unauthenticated",
            403: RULES_MESSAGE,
            404: "Not found",
            429: "Too many requests",
            500: "Internal error",
            503: "Service unavailable",
        }[status]
        self._error(status, message)
        return True

    # -- routes ------------------------------------------------------------------------

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = urllib.parse.urlsplit(self.path).path
        with self.fake._lock:
            self.fake.requests.append(("POST", path))
        body = self._body()
        if path == INTROSPECT:
            token = body.get("token", "")
            if self.fake.token and token == self.fake.token:
                self._json(200, {"active": True, "username": self.fake.username})
            else:
                self._json(200, {"active": False})
            return
        if path == LIST_COMPETITIONS:
            if not self._auth():
                self._error(401, "Unauthenticated")
                return
            self._json(
                200,
                {
                    "competitions": [
                        {"ref": f"https://www.kaggle.com/competitions/{cid}", "title": cid}
                        for cid in sorted(self.fake.competitions)
                    ]
                },
            )
            return
        if path == DOWNLOAD_DATA_FILES:
            self._download_data_files(body)
            return
        if path == GET_LEADERBOARD:
            self._get_leaderboard(body)
            return
        if path == GET_KERNEL:
            self._get_kernel(body)
            return
        self._error(404, f"no such endpoint {path}")

    def _download_data_files(self, body: dict) -> None:
        if self._common_failure(self.fake._next_failure("api")):
            return
        if not self._auth():
            self._error(401, "Unauthenticated")
            return
        cid = body.get("competitionName", "")
        competition = self.fake.competitions.get(cid)
        if competition is None:
            self._error(404, "Competition not found")
            return
        if not competition.rules_accepted:
            self._error(403, RULES_MESSAGE)
            return
        # Like Kaggle: redirect to a short-lived signed URL on the storage host.
        self.send_response(302)
        self.send_header("Location", f"{FILES}{cid}.zip?Expires=9999999999&Signature=fakesig")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _get_leaderboard(self, body: dict) -> None:
        if self._common_failure(self.fake._next_failure("leaderboard")):
            return
        if not self._auth():
            self._error(401, "Unauthenticated")
            return
        competition = self.fake.competitions.get(body.get("competitionName", ""))
        if competition is None:
            self._error(404, "Competition not found")
            return
        size = int(body.get("pageSize") or 20)
        start = int(body.get("pageToken") or 0)
        rows = competition.leaderboard[start : start + size]
        more = start + size < len(competition.leaderboard)
        self._json(200, {"submissions": rows, "nextPageToken": str(start + size) if more else ""})

    def _get_kernel(self, body: dict) -> None:
        if self._common_failure(self.fake._next_failure("kernel")):
            return
        if not self._auth():
            self._error(401, "Unauthenticated")
            return
        ref = f"{body.get('userName', '')}/{body.get('kernelSlug', '')}"
        blob = self.fake.kernels.get(ref)
        if blob is None:
            self._error(404, "Kernel not found")
            return
        metadata = {"ref": ref, "title": blob["slug"], "language": blob["language"]}
        self._json(200, {"metadata": metadata | {"kernelType": blob["kernelType"]}, "blob": blob})

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = urllib.parse.urlsplit(self.path).path
        with self.fake._lock:
            self.fake.requests.append(("GET", path))
        if not (path.startswith(FILES) and path.endswith(".zip")):
            self._plain_error(404)
            return
        mode = self.fake._next_failure("file")
        if mode not in ("truncate", "corrupt") and self._common_failure(mode, json_errors=False):
            return
        competition = self.fake.competitions.get(path[len(FILES) : -len(".zip")])
        if competition is None:
            self._plain_error(404)
            return
        data = competition.zip_bytes
        if mode == "corrupt":
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", '"fake-etag"')
        self.end_headers()
        if mode == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            return
        self.wfile.write(data)
