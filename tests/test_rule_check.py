"""The rule-violation check against a fake OpenAI-compatible endpoint on loopback."""

from __future__ import annotations

import json

import pytest
from dagster import AssetKey, instance_for_test, materialize

from mle_pipeline.assets.partitions import run_key
from mle_pipeline.assets.resources import PipelineSettings
from mle_pipeline.definitions import build_assets
from mle_pipeline.integrity.rule_check import CHECK, Endpoint, endpoint_from_env, rule_verdict
from mle_pipeline.integrity.verdict import load_verdicts
from tests.fake_llm import FakeLLM, answers

KEY_ENV = "MLE_TEST_LLM_KEY"


@pytest.fixture
def llm(monkeypatch):
    with FakeLLM() as fake:
        monkeypatch.setenv(KEY_ENV, fake.key)
        yield fake


@pytest.fixture
def run_dir(tmp_path):
    (tmp_path / "home" / "code").mkdir(parents=True)
    (tmp_path / "home" / "logs").mkdir()
    (tmp_path / "agent.log").write_text("training...\nwrote submission\n")
    (tmp_path / "home" / "code" / "main.py").write_text("import pandas as pd\nprint(1)\n")
    (tmp_path / "home" / "logs" / "notes.txt").write_text("epoch 1 loss 0.3\n")
    return tmp_path


def endpoint(fake: FakeLLM, **kwargs) -> Endpoint:
    return Endpoint(url=fake.url, model="judge-1", key_env=KEY_ENV, **kwargs)


def test_a_violation_is_flagged_with_justification_and_excerpt(llm, run_dir) -> None:
    llm.script.append(("answers", answers(external_llm=True)))
    verdict = rule_verdict(run_dir, endpoint(llm))
    assert verdict.status == "flagged" and verdict.summary.startswith("external_llm:")
    assert verdict.details["external_llm"] == "violation"
    assert verdict.details["hand_written_submission"] == "no"
    assert verdict.details["excerpt"] == "submission.to_csv(...)"
    assert verdict.details["justification"] == "external_llm judged from the evidence"
    sent = llm.requests[0]
    assert sent["model"] == "judge-1"
    evidence = sent["messages"][1]["content"]
    assert "agent.log" in evidence and "home/code/main.py" in evidence
    assert "home/logs/notes.txt" in evidence
    assert llm.auth == [f"Bearer {llm.key}"]
    assert llm.key not in json.dumps(verdict.details)


def test_all_clear_passes(llm, run_dir) -> None:
    verdict = rule_verdict(run_dir, endpoint(llm))
    assert verdict.status == "passed" and verdict.details["truncated"] is False


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (("content", "I think the agent is fine."), "not JSON"),
        (("content", '{"external_llm": {"violation": "maybe"}}'), "true/false"),
        (("content", "[1, 2]"), "not a JSON object"),
        (("raw", b"<html>oops</html>"), "not a chat-completions reply"),
        (("raw", b'{"choices": []}'), "not a chat-completions reply"),
        (("status", 500), "HTTP 500"),
        (("status", 401), "HTTP 401"),
        (("raw", b"x" * (2 << 20)), "larger than"),
    ],
)
def test_garbage_and_errors_are_not_run_never_passed(llm, run_dir, reply, reason) -> None:
    llm.script.append(reply)
    verdict = rule_verdict(run_dir, endpoint(llm))
    assert verdict.status == "not run" and reason in verdict.summary


def test_fenced_json_is_accepted(llm, run_dir) -> None:
    llm.script.append(("content", "```json\n" + json.dumps(answers()) + "\n```"))
    assert rule_verdict(run_dir, endpoint(llm)).status == "passed"


def test_a_timeout_is_not_run(llm, run_dir) -> None:
    llm.script.append(("stall", 3))
    verdict = rule_verdict(run_dir, endpoint(llm, timeout_seconds=0.5))
    assert verdict.status == "not run" and "within 0.5 s" in verdict.summary


def test_long_evidence_is_chunked_and_the_truncation_recorded(llm, run_dir) -> None:
    (run_dir / "agent.log").write_text("x" * 5000)
    llm.script.extend([("answers", answers()), ("answers", answers(hand_written_submission=True))])
    verdict = rule_verdict(run_dir, endpoint(llm, context_chars=2000, max_chunks=2))
    assert len(llm.requests) == 2
    assert verdict.details["truncated"] is True and verdict.details["chars_sent"] == 4000
    assert verdict.details["evidence_chars"] > 5000
    assert verdict.status == "flagged"
    assert verdict.details["answers"]["hand_written_submission"]["chunk"] == 2
    assert "part 2 of 2, truncated" in llm.requests[1]["messages"][1]["content"]


def test_unconfigured_or_keyless_is_not_run(run_dir, monkeypatch) -> None:
    assert endpoint_from_env({}) is None
    verdict = rule_verdict(run_dir, None)
    assert verdict.status == "not run" and "no endpoint configured" in verdict.summary
    monkeypatch.delenv(KEY_ENV, raising=False)
    keyless = rule_verdict(run_dir, Endpoint(url="http://127.0.0.1:9", model="m", key_env=KEY_ENV))
    assert keyless.status == "not run" and KEY_ENV in keyless.summary


def test_endpoint_from_env_reads_names_and_numbers() -> None:
    env = {
        "MLE_PIPELINE_RULE_CHECK_URL": "http://x/v1",
        "MLE_PIPELINE_RULE_CHECK_MODEL": "m",
        "MLE_PIPELINE_RULE_CHECK_KEY_ENV": "MY_KEY",
        "MLE_PIPELINE_RULE_CHECK_CONTEXT_CHARS": "5000",
    }
    assert endpoint_from_env(env) == Endpoint("http://x/v1", "m", "MY_KEY", context_chars=5000)
    with pytest.raises(ValueError, match="TIMEOUT"):
        endpoint_from_env(env | {"MLE_PIPELINE_RULE_CHECK_TIMEOUT": "soon"})


def test_through_dagster_on_the_runs_partition(llm, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MLE_PIPELINE_RULE_CHECK_URL", llm.url)
    monkeypatch.setenv("MLE_PIPELINE_RULE_CHECK_MODEL", "judge-1")
    monkeypatch.setenv("MLE_PIPELINE_RULE_CHECK_KEY_ENV", KEY_ENV)
    llm.script.append(("answers", answers(forbidden_resources=True)))
    settings = PipelineSettings(data_root=str(tmp_path / "data"))
    assets = build_assets(["dummy"])
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["0"])
        kwargs = {"instance": instance, "resources": {"settings": settings}}
        prep = materialize(
            assets, selection=["raw", "prepared"], partition_key="spaceship-titanic", **kwargs
        )
        assert prep.success
        result = materialize(
            assets,
            selection=[AssetKey(["dummy", "agent_run"])],
            partition_key=run_key("spaceship-titanic", 0),
            **kwargs,
        )
        assert result.success
    [evaluation] = [e for e in result.get_asset_check_evaluations() if e.check_name == CHECK]
    assert evaluation.partition == str(run_key("spaceship-titanic", 0))
    assert not evaluation.passed and evaluation.metadata["status"].value == "flagged"
    assert evaluation.metadata["forbidden_resources"].value == "violation"
    run_dir = settings.layout.run_dir("dummy", "spaceship-titanic", 0)
    assert {v.check: v.status for v in load_verdicts(run_dir)}[CHECK] == "flagged"
