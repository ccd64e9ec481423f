"""A fake OpenAI-compatible chat-completions endpoint on 127.0.0.1, with scripted replies.

Each request to ``POST <base>/chat/completions`` takes the next scripted reply:
``("answers", dict)`` a well-formed reply whose content is the dict as JSON,
``("content", str)`` a well-formed reply with that text as content,
``("raw", bytes)`` those bytes as the HTTP body, ``("status", int)`` an HTTP error,
``("stall", seconds)`` no answer for that long. With nothing scripted: all answers "no".
"""

from __future__ import annotations

import collections
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mle_pipeline.integrity.rule_check import QUESTIONS


def answers(**violations: bool) -> dict:
    return {
        qid: {
            "violation": violations.get(qid, False),
            "justification": f"{qid} judged from the evidence",
            "excerpt": "submission.to_csv(...)" if violations.get(qid) else "",
        }
        for qid in QUESTIONS
    }


class FakeLLM:
    def __init__(self, key: str = "sk-fake"):
        self.key = key
        self.script: collections.deque = collections.deque()
        self.requests: list[dict] = []
        self.auth: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeLLM:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLM

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        self.fake.requests.append(payload)
        self.fake.auth.append(self.headers.get("Authorization", ""))
        if not self.path.endswith("/chat/completions"):
            self._send(404, b'{"error": "no such route"}')
            return
        kind, value = self.fake.script.popleft() if self.fake.script else ("answers", answers())
        if kind == "stall":
            time.sleep(value)
            return
        if kind == "status":
            self._send(value, b'{"error": {"message": "scripted failure"}}')
            return
        if kind == "raw":
            self._send(200, value)
            return
        content = json.dumps(value) if kind == "answers" else value
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        self._send(200, json.dumps(reply).encode())
