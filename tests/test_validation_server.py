"""The validation server over real HTTP on 127.0.0.1: valid or not, never a score."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from mle_pipeline.agents.validation import serving_validation, validate_file
from mle_pipeline.grading import validation_server
from mle_pipeline.grading.validation_server import ValidationService, make_server
from mle_pipeline.layout import DataLayout

CID = "spaceship-titanic"
SMALL_LIMIT = 4 * 1024 * 1024


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> DataLayout:
    from tests.conftest import prepare_sample

    return prepare_sample(tmp_path_factory.mktemp("data"), CID)


def _serve(service: ValidationService) -> Iterator[tuple[str, int]]:
    server = make_server(service, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield server.server_address[:2]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def address(layout: DataLayout) -> Iterator[tuple[str, int]]:
    yield from _serve(ValidationService(layout))


@pytest.fixture(scope="module")
def small_address(layout: DataLayout) -> Iterator[tuple[str, int]]:
    """A server whose body limit is 4 MB, to test 413 without sending 200 MB."""
    yield from _serve(ValidationService(layout, max_bytes=SMALL_LIMIT))


def post(address, body, *, path=f"/validate?competition_id={CID}", headers=None, timeout=60):
    headers = headers or {}
    chunked = headers.get("Transfer-Encoding") == "chunked"
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers, encode_chunked=chunked)
        response = connection.getresponse()
        raw = response.read()
        return response.status, raw
    finally:
        connection.close()


def verdict(address, body, **kwargs) -> tuple[int, dict]:
    status, raw = post(address, body, **kwargs)
    assert b"score" not in raw.lower()
    answer = json.loads(raw)
    assert set(answer) == {"valid", "reason"}
    return status, answer


def public(layout: DataLayout, name: str) -> Path:
    return layout.public_dir(CID) / name


def answers_text(layout: DataLayout) -> str:
    return (layout.private_dir(CID) / "test.csv").read_text()


def test_health(address) -> None:
    connection = http.client.HTTPConnection(*address, timeout=10)
    connection.request("GET", "/health")
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read()) == {"status": "ok", "competitions": [CID]}


def test_sample_submission_is_valid_raw_and_multipart(address, layout) -> None:
    body = public(layout, "sample_submission.csv").read_bytes()
    assert verdict(address, body) == (200, {"valid": True, "reason": "submission is valid"})

    boundary = "xYzBoundary42"
    multipart = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="submission.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, answer = verdict(address, multipart, headers=headers)
    assert (status, answer["valid"]) == (200, True)


def test_the_gold_answers_get_no_score_back(address, layout) -> None:
    gold = answers_text(layout)
    status, raw = post(address, gold.encode())
    assert status == 200 and json.loads(raw) == {"valid": True, "reason": "submission is valid"}


def test_wrong_columns_are_invalid_with_a_reason(address, layout) -> None:
    sample = public(layout, "sample_submission.csv").read_text().splitlines()
    renamed = "\n".join(["PassengerId,Prediction", *sample[1:]]) + "\n"
    status, answer = verdict(address, renamed.encode())
    assert status == 200 and answer["valid"] is False and answer["reason"]
    assert "/tmp" not in answer["reason"] and "validate-" not in answer["reason"]


def test_empty_and_binary_bodies_are_invalid(address) -> None:
    assert verdict(address, b"") == (200, {"valid": False, "reason": "the submission is empty"})
    status, answer = verdict(address, os.urandom(64 * 1024))
    assert status == 200 and answer["valid"] is False and answer["reason"]
    status, answer = verdict(address, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
    assert status == 200 and answer["valid"] is False


def test_unknown_or_unprepared_competition_is_404(address) -> None:
    status, answer = verdict(address, b"a,b\n1,2\n", path="/validate?competition_id=nope-nope")
    assert status == 404 and answer["valid"] is False and "nope-nope" in answer["reason"]
    status, answer = verdict(address, b"a,b\n1,2\n", path="/validate?competition_id=AI4Code")
    assert status == 404 and answer["valid"] is False
    # one competition served: the id may be left out
    status, answer = verdict(address, b"", path="/validate")
    assert status == 200 and answer["reason"] == "the submission is empty"


def test_a_100_mb_upload_is_answered_in_bounded_time(address, layout, tmp_path) -> None:
    big = tmp_path / "big.csv"
    row = b"0001_01,True\n"
    with open(big, "wb") as out:
        out.write(b"PassengerId,Transported\n")
        block = row * (1 << 16)
        while out.tell() < 100 * 1024 * 1024:
            out.write(block)
    started = time.monotonic()
    with open(big, "rb") as body:
        status, answer = verdict(
            address, body, headers={"Content-Length": str(big.stat().st_size)}, timeout=120
        )
    elapsed = time.monotonic() - started
    assert status == 200 and answer["valid"] is False, answer
    assert elapsed < 60, f"took {elapsed:.1f}s"
    # the server still answers afterwards
    body = public(layout, "sample_submission.csv").read_bytes()
    assert verdict(address, body)[1]["valid"] is True


def exchange(address, head: bytes, pieces=(), timeout: float = 10) -> bytes:
    """Send ``head`` then ``pieces`` on a raw socket (a refusal may cut the upload short),
    and return what the server answered."""
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(head)
        try:
            for piece in pieces:
                sock.sendall(piece)
        except OSError:
            pass  # the server refused and closed while we were sending; read its reply
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except OSError:
            pass
    return reply


HEAD = f"POST /validate?competition_id={CID} HTTP/1.1\r\nHost: x\r\n".encode()


def test_oversize_body_is_413(small_address) -> None:
    body = b"x" * (SMALL_LIMIT + 1)
    head = HEAD + f"Content-Length: {len(body)}\r\n\r\n".encode()
    reply = exchange(small_address, head, [body])
    assert reply.startswith(b"HTTP/1.1 413") and str(SMALL_LIMIT).encode() in reply


def test_oversize_is_refused_before_the_body_with_expect_100(small_address) -> None:
    """What curl does: it announces a 1 GB body and waits; the server refuses at once."""
    head = HEAD + f"Content-Length: {1 << 30}\r\nExpect: 100-continue\r\n\r\n".encode()
    started = time.monotonic()
    reply = exchange(small_address, head)
    assert reply.startswith(b"HTTP/1.1 413") and b"100 Continue" not in reply
    assert time.monotonic() - started < 5


def test_chunked_bodies_are_read_and_limited(small_address, layout) -> None:
    body = public(layout, "sample_submission.csv").read_bytes()

    def chunks(data: bytes, size: int = 1000):
        for start in range(0, len(data), size):
            yield data[start : start + size]

    status, answer = verdict(small_address, chunks(body), headers={"Transfer-Encoding": "chunked"})
    assert (status, answer["valid"]) == (200, True)
    piece = b"100000\r\n" + b"y" * 0x100000 + b"\r\n"  # 1 MiB chunks, 5 of them
    reply = exchange(small_address, HEAD + b"Transfer-Encoding: chunked\r\n\r\n", [piece] * 5)
    assert reply.startswith(b"HTTP/1.1 413")


MIB = 0x100000


@pytest.mark.parametrize(
    "size_line",
    [
        b"0000000000000000100000",  # leading zeros
        b"100000;name=value",  # a chunk extension
        b"100000 ",  # trailing space
        b"0x100000",  # not hex syntax
        b"+100000",
        b"-1",
        b" 100000",
        b"ffffffffffffffffffffffffffffffff",  # far past any integer size
        b"10_0000",
        b"\xd9\xa1\xd9\xa0",  # Arabic-Indic digits int() would accept
    ],
)
def test_no_chunk_size_syntax_gets_past_the_limit(small_address, size_line: bytes) -> None:
    """Whatever the size line, a body over the limit is never validated (413 or 400)."""
    piece = size_line + b"\r\n" + b"y" * MIB + b"\r\n"
    reply = exchange(small_address, HEAD + b"Transfer-Encoding: chunked\r\n\r\n", [piece] * 6)
    status = reply.split(b" ", 2)[1] if reply else b""
    assert status in (b"400", b"413"), reply[:200]


@pytest.mark.parametrize(
    "headers",
    [
        b"Transfer-Encoding: gzip, chunked\r\n",
        b"Transfer-Encoding: identity\r\n",
        b"Content-Length: 10\r\nContent-Length: 20\r\n",
        b"Content-Length: -5\r\n",
        b"Content-Length: 1e9\r\n",
    ],
)
def test_ambiguous_framing_is_refused(small_address, headers: bytes) -> None:
    reply = exchange(small_address, HEAD + headers + b"\r\n", [b"5\r\nhello\r\n0\r\n\r\n"])
    assert reply and reply.split(b" ", 2)[1] in (b"400", b"413", b"501"), reply[:200]


def test_a_burst_of_200_clients_is_served_without_resets(address, layout) -> None:
    body = public(layout, "sample_submission.csv").read_bytes()

    def one(_: int) -> tuple[int, bool]:
        status, answer = verdict(address, body, timeout=120)
        return status, answer["valid"]

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(200) as pool:
        results = list(pool.map(one, range(200)))
    assert results == [(200, True)] * 200
    workers = [t for t in threading.enumerate() if t.name.startswith("waitress")]
    assert len(workers) <= 2 * validation_server.THREADS  # the two module-scoped servers


def test_slow_clients_do_not_starve_others(address, layout) -> None:
    body = public(layout, "sample_submission.csv").read_bytes()
    slow = []
    for _ in range(20):  # each announces a body and sends one byte of it
        sock = socket.create_connection(address, timeout=10)
        sock.sendall(HEAD + b"Content-Length: 1000\r\n\r\nP")
        slow.append(sock)
    try:
        started = time.monotonic()
        for _ in range(5):
            assert verdict(address, body, timeout=10)[1]["valid"] is True
        assert time.monotonic() - started < 10
    finally:
        for sock in slow:
            sock.close()


def test_serving_validation_and_the_agent_client(layout, tmp_path, unimplemented_id) -> None:
    sample = public(layout, "sample_submission.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,value\n1,2\n")
    with serving_validation(CID, layout) as endpoint:
        env = endpoint.env()
        assert env["VALIDATION_URL"].startswith("http://127.0.0.1:")
        assert validate_file(sample, env["VALIDATION_URL"], "")[1]["valid"] is True
        status, answer = validate_file(bad, "http://localhost/validate", env["VALIDATION_SOCKET"])
        assert status == 200 and answer["valid"] is False
        socket_path = endpoint.socket_path
        assert socket_path.exists()
    assert not socket_path.exists()
    with pytest.raises(FileNotFoundError, match="not implemented"):
        with serving_validation(unimplemented_id, layout):
            pass


def test_a_server_that_fails_to_start_leaves_no_wait_and_no_listener(layout, monkeypatch) -> None:
    from mle_pipeline.grading import validation_server

    started = []

    def second_fails(service, host="127.0.0.1", port=0, unix_socket=None):
        if unix_socket is not None:
            raise OSError("no room for a socket here")
        started.append(make_server(service, host, port))
        return started[-1]

    monkeypatch.setattr(validation_server, "make_server", second_fails)
    finished = threading.Event()

    def enter() -> None:
        with pytest.raises(OSError, match="no room"), serving_validation(CID, layout):
            pass
        finished.set()

    threading.Thread(target=enter, daemon=True).start()
    assert finished.wait(10), "serving_validation hung on a server that never served"
    with pytest.raises(OSError):  # the first server's socket was closed
        socket.create_connection(started[0].server_address, timeout=1)


def test_the_readme_command_serves(layout) -> None:
    """`mle-pipeline serve-validation --data-root DIR --port 5000`, as the README writes it."""
    import re
    import shutil
    import subprocess
    import sys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    command = re.search(r"`(mle-pipeline serve-validation [^`]*)`", readme).group(1)
    assert command == "mle-pipeline serve-validation --data-root DIR --port 5000"
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 5000)) == 0:
            pytest.skip("port 5000 is in use on this machine")
    exe = shutil.which("mle-pipeline") or f"{sys.executable} -m mle_pipeline.cli"
    argv = exe.split() + command.split()[1:]
    argv[argv.index("DIR")] = str(layout.root)
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert "validation server on http://127.0.0.1:5000" in line, server.stderr.read()
        connection = http.client.HTTPConnection("127.0.0.1", 5000, timeout=10)
        connection.request("GET", "/health")
        assert json.loads(connection.getresponse().read())["competitions"] == [CID]
        sample = public(layout, "sample_submission.csv")
        status, answer = validate_file(
            sample, f"http://127.0.0.1:5000/validate?competition_id={CID}", ""
        )
        assert (status, answer["valid"]) == (200, True)
    finally:
        server.terminate()
        server.wait(10)


def test_the_agent_client_reports_a_too_large_upload(small_address, tmp_path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * (SMALL_LIMIT // 4 + 10))
    url = f"http://{small_address[0]}:{small_address[1]}/validate?competition_id={CID}"
    status, answer = validate_file(big, url, "")
    assert status == 413 and answer["valid"] is False and "max_body" in answer["reason"]


def test_reasons_never_quote_answer_values(tmp_path) -> None:
    answers = pd.DataFrame({"id": ["a1", "a2", "a3"], "label": ["heron", "stork", "Great egret"]})
    sample = tmp_path / "sample_submission.csv"
    sample.write_text("id,label\na1,heron\na2,heron\na3,heron\n")
    secrets = validation_server.secret_values(answers, sample)
    assert secrets == {"stork", "Great egret"}  # ids and the sample's label are public
    reason = "labels must be one of ['heron', 'stork', 'Great egret']; got stork2, stork"
    assert validation_server.redact(reason, secrets) == (
        "labels must be one of ['heron', <redacted>, <redacted>]; got stork2, <redacted>"
    )


def test_the_server_redacts_what_a_grader_says_about_the_answers(address, layout, monkeypatch):
    answers = pd.read_csv(layout.private_dir(CID) / "test.csv", dtype=str)
    hidden = next(
        v
        for column in answers.columns
        for v in answers[column].unique()
        if v not in public(layout, "sample_submission.csv").read_text()
    )

    def leaky(*args, **kwargs):
        return None, f"expected values like '{hidden}' and {hidden}"

    monkeypatch.setattr(validation_server, "score_submission", leaky)
    body = public(layout, "sample_submission.csv").read_bytes()
    status, answer = verdict(address, body)
    assert status == 200 and answer["valid"] is False
    assert hidden not in answer["reason"] and "<redacted>" in answer["reason"]
