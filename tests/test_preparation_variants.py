"""random-acts-of-pizza's opt-in leak-free preparation: recorded, and switching re-prepares."""

import json
from pathlib import Path

from mle_pipeline.layout import DataLayout
from mle_pipeline.prepare.run import ensure_prepared, ensure_raw
from mle_pipeline.registry import get_competition
from mle_pipeline.sources.sample import SampleSource

CID = "random-acts-of-pizza"
FIELD = "giver_username_if_known"


def test_leak_free_variant_is_recorded_and_switching_prepares_again(tmp_path: Path, monkeypatch):
    layout = DataLayout(tmp_path)
    competition = get_competition(CID)
    raw = ensure_raw(competition, layout, SampleSource())
    monkeypatch.delenv("MLE_PIPELINE_PIZZA_LEAK_FREE", raising=False)
    default = ensure_prepared(competition, layout, raw)
    assert default.variant == "mlebench"
    public_train = layout.public_dir(CID) / "train.json"
    givers = {r[FIELD] for r in json.loads(public_train.read_text())}
    assert givers - {"N/A"}, "the MLE-bench variant keeps the leaking field"

    monkeypatch.setenv("MLE_PIPELINE_PIZZA_LEAK_FREE", "1")
    leak_free = ensure_prepared(competition, layout, raw)
    assert leak_free.variant == "leak_free" and not leak_free.reused
    assert {r[FIELD] for r in json.loads(public_train.read_text())} == {"N/A"}
    assert ensure_prepared(competition, layout, raw).reused

    monkeypatch.setenv("MLE_PIPELINE_PIZZA_LEAK_FREE", "0")
    assert not ensure_prepared(competition, layout, raw).reused
