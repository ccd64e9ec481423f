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

import pytest

from mle_pipeline.agents.validation import serving_validation, validate_file
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


def test_oversize_body_is_413(small_address, layout) -> None:
    status, answer = verdict(small_address, b"x" * (SMALL_LIMIT + 1))
    assert status == 413 and answer["valid"] is False and str(SMALL_LIMIT) in answer["reason"]


def test_oversize_is_refused_before_the_body_with_expect_100(small_address) -> None:
    """What curl does: it announces a 1 GB body and waits; the server refuses at once."""
    with socket.create_connection(small_address, timeout=10) as sock:
        sock.sendall(
            f"POST /validate?competition_id={CID} HTTP/1.1\r\nHost: x\r\n"
            f"Content-Length: {1 << 30}\r\nExpect: 100-continue\r\n\r\n".encode()
        )
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413")
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["valid"] is False


def test_chunked_bodies_are_read_and_limited(small_address, layout) -> None:
    body = public(layout, "sample_submission.csv").read_bytes()

    def chunks(data: bytes, size: int = 1000):
        for start in range(0, len(data), size):
            yield data[start : start + size]

    status, answer = verdict(small_address, chunks(body), headers={"Transfer-Encoding": "chunked"})
    assert (status, answer["valid"]) == (200, True)
    too_big = chunks(b"y" * (SMALL_LIMIT + 10), 1 << 20)
    try:
        status, raw = post(small_address, too_big, headers={"Transfer-Encoding": "chunked"})
    except (ConnectionError, http.client.HTTPException):
        return  # the server may close while the client still sends; it did not accept it
    assert status == 413


def test_serving_validation_and_the_agent_client(layout, tmp_path) -> None:
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
        with serving_validation("AI4Code", layout):
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
