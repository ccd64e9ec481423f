"""KaggleSource against a fake Kaggle API on 127.0.0.1, through the real ``kaggle`` client.

Nothing of ours is mocked: the official client authenticates, POSTs to the fake's
``/api/v1/...`` endpoints, follows its redirect to a ``.zip`` URL and streams the body.
The client is pointed at the fake by ``KAGGLE_API_ENVIRONMENT=LOCALHOST`` (and the
``--local`` flag the client derives from it at import time) plus the endpoint of that
environment in ``kagglesdk.kaggle_env``, all via ``monkeypatch``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mle_pipeline.registry import Competition
from mle_pipeline.sources.base import SourceError
from mle_pipeline.sources.kaggle import (
    LEADERBOARD_HEADER,
    KaggleAuthError,
    KaggleCredentialsMissingError,
    KaggleIncompleteDownloadError,
    KaggleNetworkError,
    KaggleNotFoundError,
    KaggleRateLimitError,
    KaggleRulesNotAcceptedError,
    KaggleServerError,
    KaggleSource,
    KaggleTransientError,
)
from tests.fake_kaggle import (
    DOWNLOAD_DATA_FILES,
    FILES,
    GET_LEADERBOARD,
    INTROSPECT,
    FakeKaggle,
    make_zip,
)

USER = "fake-user"
KEY = "s3cret-key-0123456789abcdef"
TOKEN = "KGAT_fake_token_0123456789"
PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}

ZIP_A = make_zip(
    {
        "train.csv": b"id,label\n" + b"".join(b"%d,%d\n" % (i, i % 3) for i in range(20000)),
        "test.csv": random.Random(1).randbytes(150_000),
    }
)
ZIP_B = make_zip({"train.csv": b"id\n1\n", "extra.bin": random.Random(2).randbytes(80_000)})
LEADERBOARD = [
    {
        "teamId": 1000 + rank,
        **({"teamName": f"team {rank}"} if rank % 7 else {}),
        "submissionDate": f"2024-01-{1 + rank % 28:02d}T10:20:30.123Z",
        **({"score": f"{0.99 - rank / 1000:.5f}"} if rank % 50 != 49 else {}),
    }
    for rank in range(250)
]


def competition(competition_id: str) -> Competition:
    return Competition(
        id=competition_id,
        name=competition_id,
        split="",
        metric="",
        lower_is_better=False,
        awards_medals=True,
        answers="",
        sample_submission="",
        summary="",
        implemented=False,
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def fake():
    with FakeKaggle(username=USER, key=KEY, token=TOKEN) as server:
        server.add_competition("comp-a", ZIP_A, leaderboard=LEADERBOARD)
        server.add_competition("comp-b", ZIP_B, leaderboard=LEADERBOARD[:3])
        server.add_competition("rules-comp", ZIP_B, rules_accepted=False)
        yield server


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A clean environment: no Kaggle credentials or proxies, HOME in tmp."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith("KAGGLE_") or name.lower() in PROXY_VARS:
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def kaggle_at(fake, home, monkeypatch) -> FakeKaggle:
    """Point the real kaggle client at ``fake``; legacy username/key credentials in env."""
    monkeypatch.setenv("KAGGLE_API_ENVIRONMENT", "LOCALHOST")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # Imported here (not at module level): importing kaggle authenticates and creates its
    # config folder, which must happen in the clean environment above.
    from kaggle.api.kaggle_api_extended import KaggleApi
    from kagglesdk import kaggle_env

    monkeypatch.setitem(kaggle_env._env_to_endpoint, kaggle_env.KaggleEnv.LOCAL, fake.base_url)
    # KaggleApi reads KAGGLE_API_ENVIRONMENT and the config path once, at import time.
    monkeypatch.setattr(KaggleApi, "args", ["--local"])
    monkeypatch.setattr(KaggleApi, "config_dir", str(home / ".kaggle"))
    monkeypatch.setattr(KaggleApi, "config", str(home / ".kaggle" / "kaggle.json"))
    monkeypatch.setenv("KAGGLE_USERNAME", USER)
    monkeypatch.setenv("KAGGLE_KEY", KEY)
    return fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def source(sleeps) -> KaggleSource:
    return KaggleSource(retries=4, backoff_seconds=2.0, timeout_seconds=10, sleep=sleeps.append)


@pytest.fixture
def dest(tmp_path) -> Path:
    return tmp_path / "raw" / "comp-a.zip"


def assert_only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def assert_clean_failure(dest: Path) -> None:
    assert not dest.exists()
    assert_only(dest.parent)  # no temp files or folders left behind


# -- success ----------------------------------------------------------------------------


def test_success_writes_exactly_the_served_zip(kaggle_at, source, dest, sleeps):
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A
    assert_only(dest.parent, dest.name)
    assert sleeps == []
    assert kaggle_at.requests == [("POST", DOWNLOAD_DATA_FILES), ("GET", f"{FILES}comp-a.zip")]
    assert kaggle_at.seen_auth == [f"basic:{USER}"]
    assert source.name == "kaggle" and source.is_sample is False


def test_success_replaces_an_existing_file(kaggle_at, source, dest):
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"old")
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A
    assert_only(dest.parent, dest.name)


def test_access_token_credentials(kaggle_at, source, dest, monkeypatch):
    monkeypatch.delenv("KAGGLE_USERNAME")
    monkeypatch.delenv("KAGGLE_KEY")
    monkeypatch.setenv("KAGGLE_API_TOKEN", TOKEN)
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A
    assert ("POST", INTROSPECT) in kaggle_at.requests
    assert kaggle_at.seen_auth == ["bearer"]


def test_kaggle_json_credentials(kaggle_at, source, dest, home, monkeypatch):
    monkeypatch.delenv("KAGGLE_USERNAME")
    monkeypatch.delenv("KAGGLE_KEY")
    config = home / ".kaggle" / "kaggle.json"
    config.parent.mkdir(exist_ok=True)
    config.write_text(json.dumps({"username": USER, "key": KEY}))
    config.chmod(0o600)
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A


# -- non-retryable failures -------------------------------------------------------------


def test_missing_credentials(kaggle_at, source, dest, monkeypatch, sleeps):
    monkeypatch.delenv("KAGGLE_USERNAME")
    monkeypatch.delenv("KAGGLE_KEY")
    with pytest.raises(KaggleCredentialsMissingError) as caught:
        source.fetch(competition("comp-a"), dest)
    message = str(caught.value)
    for hint in (
        "kaggle.json",
        "KAGGLE_CONFIG_DIR",
        "KAGGLE_USERNAME",
        "KAGGLE_KEY",
        "KAGGLE_API_TOKEN",
        "https://www.kaggle.com/settings/api",
    ):
        assert hint in message
    # One folder named: the one this client reads (here the test's home, not ~/.kaggle).
    from kaggle.api.kaggle_api_extended import KaggleApi

    config = KaggleApi.config
    assert f"{config} containing" in message
    assert str(Path(config).with_name("access_token")) in message and "~/" not in message
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 0
    assert sleeps == []
    assert_clean_failure(dest)


def test_bad_credentials_401(kaggle_at, source, dest, monkeypatch, sleeps, caplog):
    wrong = "wrong-key-ffffffffffffffff"
    monkeypatch.setenv("KAGGLE_KEY", wrong)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(KaggleAuthError) as caught:
        source.fetch(competition("comp-a"), dest)
    message = str(caught.value)
    assert "401" in message and "KAGGLE_USERNAME/KAGGLE_KEY" in message
    assert wrong not in message and wrong not in caplog.text
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 1  # not retried
    assert sleeps == []
    assert_clean_failure(dest)


def test_rules_not_accepted_403(kaggle_at, source, tmp_path, sleeps):
    dest = tmp_path / "raw" / "rules-comp.zip"
    with pytest.raises(KaggleRulesNotAcceptedError) as caught:
        source.fetch(competition("rules-comp"), dest)
    assert "https://www.kaggle.com/c/rules-comp/rules" in str(caught.value)
    assert "403" in str(caught.value)
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 1
    assert sleeps == []
    assert_clean_failure(dest)


def test_unknown_competition_404(kaggle_at, source, tmp_path, sleeps):
    dest = tmp_path / "raw" / "no-such-comp.zip"
    with pytest.raises(KaggleNotFoundError) as caught:
        source.fetch(competition("no-such-comp"), dest)
    assert "404" in str(caught.value) and "no-such-comp" in str(caught.value)
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 1
    assert sleeps == []
    assert_clean_failure(dest)


# -- transient failures: retried --------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "mode"),
    [
        ("api", "500"),
        ("api", "503"),
        ("api", "429"),
        ("api", "drop"),
        ("file", "500"),
        ("file", "404"),  # storage refusing a stale signed URL: ask Kaggle for a new one
        ("file", "drop"),
        ("file", "truncate"),
        ("file", "corrupt"),
    ],
)
def test_one_transient_failure_then_success(kaggle_at, source, dest, sleeps, stage, mode):
    kaggle_at.fail(stage, mode)
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A
    assert_only(dest.parent, dest.name)
    assert sleeps == [2.0]
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 2  # the whole download was restarted


def test_backoff_is_exponential_and_honours_retry_after(kaggle_at, dest, sleeps):
    source = KaggleSource(retries=4, backoff_seconds=0.5, sleep=sleeps.append)
    kaggle_at.fail("api", "429", "500", "500")  # the 429 says Retry-After: 1
    kaggle_at.fail("file", "truncate")
    source.fetch(competition("comp-a"), dest)
    assert dest.read_bytes() == ZIP_A
    assert sleeps == [1.0, 1.0, 2.0, 4.0]


@pytest.mark.parametrize(
    ("stage", "mode", "error", "words"),
    [
        ("api", "500", KaggleServerError, "HTTP 500"),
        ("api", "429", KaggleRateLimitError, "HTTP 429"),
        ("api", "drop", KaggleNetworkError, "connection to Kaggle failed"),
        ("file", "500", KaggleServerError, "HTTP 500"),
        ("file", "truncate", KaggleIncompleteDownloadError, "cut short"),
        ("file", "corrupt", KaggleIncompleteDownloadError, "not an intact zip"),
    ],
)
def test_persistent_transient_failure_gives_up(
    kaggle_at, dest, sleeps, caplog, stage, mode, error, words
):
    caplog.set_level(logging.DEBUG)
    source = KaggleSource(retries=2, sleep=sleeps.append)
    kaggle_at.fail(stage, *[mode] * 3)
    with pytest.raises(error) as caught:
        source.fetch(competition("comp-a"), dest)
    message = str(caught.value)
    assert words in message and "gave up after 3 attempt(s)" in message
    assert isinstance(caught.value, KaggleTransientError)
    assert sleeps == [2.0, 4.0]
    assert kaggle_at.count(DOWNLOAD_DATA_FILES) == 3
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("mle_pipeline"))
    assert "attempt 1/3" in ours
    assert KEY not in message and KEY not in caplog.text
    assert "Signature=" not in message and "Signature=" not in ours  # the signed URL
    assert_clean_failure(dest)


def test_connection_refused(kaggle_at, dest, sleeps, monkeypatch):
    from kagglesdk import kaggle_env

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(
        kaggle_env._env_to_endpoint, kaggle_env.KaggleEnv.LOCAL, f"http://127.0.0.1:{port}"
    )
    source = KaggleSource(retries=1, sleep=sleeps.append)
    with pytest.raises(KaggleNetworkError) as caught:
        source.fetch(competition("comp-a"), dest)
    assert "Connection refused" in str(caught.value)
    assert sleeps == [2.0]
    assert_clean_failure(dest)


def test_timeout(kaggle_at, dest, sleeps):
    kaggle_at.fail("file", "stall", "stall")
    source = KaggleSource(retries=1, timeout_seconds=0.5, sleep=sleeps.append)
    started = time.monotonic()
    with pytest.raises(KaggleNetworkError) as caught:
        source.fetch(competition("comp-a"), dest)
    assert "timed out" in str(caught.value)
    assert time.monotonic() - started < 5
    assert sleeps == [2.0]
    assert_clean_failure(dest)


def test_errors_are_source_errors():
    for error in (
        KaggleAuthError,
        KaggleCredentialsMissingError,
        KaggleIncompleteDownloadError,
        KaggleNetworkError,
        KaggleNotFoundError,
        KaggleRateLimitError,
        KaggleRulesNotAcceptedError,
        KaggleServerError,
    ):
        assert issubclass(error, SourceError)
    assert not issubclass(KaggleAuthError, KaggleTransientError)
    assert not issubclass(KaggleRulesNotAcceptedError, KaggleTransientError)
    assert not issubclass(KaggleNotFoundError, KaggleTransientError)


def test_module_imports_without_the_client_or_credentials(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAGGLE_")}
    env["HOME"] = str(tmp_path)
    code = (
        "import sys; import mle_pipeline.sources.kaggle as k; "
        "assert 'kaggle' not in sys.modules and 'kagglesdk' not in sys.modules; "
        "assert k.KaggleSource().name == 'kaggle'"
    )
    root = Path(__file__).parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=root)


# -- leaderboard ------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_leaderboard_all_pages_best_first(kaggle_at, source, tmp_path, sleeps):
    dest = tmp_path / "lb" / "leaderboard.csv"
    kaggle_at.fail("leaderboard", "500")
    source.download_leaderboard("comp-a", dest)
    rows = read_csv(dest)
    assert tuple(rows[0]) == LEADERBOARD_HEADER
    assert rows[0] == [
        "scoreNullable",
        "teamId",
        "hasTeamName",
        "submissionDate",
        "score",
        "hasScore",
    ]
    body = rows[1:]
    assert [int(r[1]) for r in body] == [e["teamId"] for e in LEADERBOARD]  # Kaggle's order
    assert body[0] == ["0.99000", "1000", "False", "2024-01-01 10:20:30.123000", "0.99000", "True"]
    assert body[1] == ["0.98900", "1001", "True", "2024-01-02 10:20:30.123000", "0.98900", "True"]
    assert body[49] == ["", "1049", "False", "2024-01-22 10:20:30.123000", "", "False"]
    assert kaggle_at.count(GET_LEADERBOARD) == 1 + 3  # one 500, then pages of 100, 100, 50
    assert sleeps == [2.0]
    assert_only(dest.parent, dest.name)


def test_leaderboard_unknown_competition(kaggle_at, source, tmp_path):
    dest = tmp_path / "lb" / "leaderboard.csv"
    with pytest.raises(KaggleNotFoundError):
        source.download_leaderboard("no-such-comp", dest)
    assert not dest.exists()


# -- soak -------------------------------------------------------------------------------


@pytest.mark.slow
def test_soak_random_failures(kaggle_at, tmp_path):
    """200 downloads with seeded random failures: every result is intact or a SourceError."""
    rng = random.Random(20240601)
    expected = {"comp-a": sha256(ZIP_A), "comp-b": sha256(ZIP_B)}
    api_modes = ["500", "503", "429", "drop"]
    file_modes = ["500", "404", "drop", "truncate", "corrupt"]

    def chaos(stage: str) -> str | None:
        if stage == "api" and rng.random() < 0.15:
            return rng.choice(api_modes)
        if stage == "file" and rng.random() < 0.25:
            return rng.choice(file_modes)
        return None

    kaggle_at.chaos = chaos
    out = tmp_path / "soak"
    outcomes = {"ok": 0, "transient": 0, "permanent": 0}
    started = time.monotonic()
    for number in range(200):
        cid = rng.choice(["comp-a", "comp-b", "comp-a", "comp-b", "rules-comp", "missing"])
        dest = out / f"{number:03d}-{cid}.zip"
        source = KaggleSource(retries=rng.choice([0, 1, 2, 4]), sleep=lambda _: None)
        try:
            source.fetch(competition(cid), dest)
        except SourceError as err:
            assert not dest.exists()
            transient = isinstance(err, KaggleTransientError)
            assert transient or cid in ("rules-comp", "missing"), err
            outcomes["transient" if transient else "permanent"] += 1
        else:
            assert cid in expected
            assert sha256(dest.read_bytes()) == expected[cid]
            outcomes["ok"] += 1
        assert time.monotonic() - started < 120, "soak test too slow"
    # Only completed downloads are left; no temp files from the failed attempts.
    assert all(not p.name.startswith(".tmp-") for p in out.iterdir())
    assert len(list(out.iterdir())) == outcomes["ok"]
    print("soak outcomes:", outcomes)
    assert sum(outcomes.values()) == 200
    assert outcomes["ok"] > 100 and outcomes["transient"] > 0 and outcomes["permanent"] > 0


# -- through the graph ------------------------------------------------------------------


def test_prepare_through_dagster_from_the_fake_kaggle(kaggle_at, tmp_path, monkeypatch):
    """`raw` + `prepared` with source=kaggle: the real client downloads, the graph prepares."""
    import hashlib

    import yaml
    from dagster import DagsterInstance, materialize

    from mle_pipeline.assets.resources import PipelineSettings
    from mle_pipeline.definitions import build_assets
    from mle_pipeline.prepare.sample_pins import sample_checksums
    from mle_pipeline.registry import get_competition
    from mle_pipeline.sources.sample import SampleSource

    cid = "spaceship-titanic"
    zipped = tmp_path / "served.zip"
    SampleSource().fetch(get_competition(cid), zipped)
    # The served zip is not MLE-bench's download: a reference that describes it.
    reference = sample_checksums(get_competition(cid), tmp_path / "scratch")
    reference["zip"] = hashlib.md5(zipped.read_bytes()).hexdigest()
    (tmp_path / "ref" / cid).mkdir(parents=True)
    (tmp_path / "ref" / cid / "checksums.yaml").write_text(yaml.safe_dump(reference))
    monkeypatch.setenv("MLE_PIPELINE_CHECKSUMS", str(tmp_path / "ref"))
    kaggle_at.add_competition(cid, zipped.read_bytes(), leaderboard=LEADERBOARD)
    settings = PipelineSettings(data_root=str(tmp_path / "data"), source="kaggle")
    result = materialize(
        build_assets(["dummy"]),
        selection=["raw", "prepared"],
        partition_key=cid,
        instance=DagsterInstance.ephemeral(),
        resources={"settings": settings},
    )
    assert result.success
    layout = settings.layout
    assert layout.download_zip(cid).read_bytes() == zipped.read_bytes()
    assert (layout.private_dir(cid) / "test.csv").is_file()
    raw_event = result.asset_materializations_for_node("raw")[0]
    assert raw_event.metadata["source"].value == "kaggle"
