"""Runs MLE-bench's own prepare and grader for ``mle-pipeline fidelity``, in its Python.

A standalone script (standard library plus the user's ``mlebench`` checkout, which must be
importable): ``python mlebench_side.py REQUEST.json``. The request names the competition,
an optional prepare (raw, public, private folders), a data folder laid out as MLE-bench's
(``<data>/<id>/prepared/...``) and the submission files to grade; the reply (JSON) is
written to the request's ``output`` path. Nothing here is imported by mle_pipeline.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from pathlib import Path


class _Messages(logging.Handler):
    """Keeps the warnings and errors MLE-bench logs while grading (its invalid reasons)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _error(err: BaseException) -> str:
    last = traceback.extract_tb(err.__traceback__)[-1:]
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return f"{type(err).__name__}: {err}{where}"


def main(request_path: str) -> None:
    request = json.loads(Path(request_path).read_text())
    from mlebench.registry import registry
    from mlebench.utils import load_answers, read_csv

    competition_id = request["competition"]
    reply: dict = {"prepare": None, "scores": {}, "answers": None, "mlebench": None}
    import mlebench

    reply["mlebench"] = str(Path(mlebench.__file__).resolve().parent)
    competition = registry.get_competition(competition_id)
    prepare = request.get("prepare")
    if prepare:
        try:
            competition.prepare_fn(
                raw=Path(prepare["raw"]),
                public=Path(prepare["public"]),
                private=Path(prepare["private"]),
            )
            reply["prepare"] = {"ok": True, "error": None}
        except Exception as err:  # noqa: BLE001 - reported, not raised: the tool compares
            reply["prepare"] = {"ok": False, "error": _error(err)}

    graded = registry.set_data_dir(Path(request["data_dir"])).get_competition(competition_id)
    reply["answers"] = str(graded.answers)
    try:
        answers = load_answers(graded.answers)
    except Exception as err:  # noqa: BLE001 - e.g. its answers file is not where ours is
        reply["answers_error"] = _error(err)
        Path(request["output"]).write_text(json.dumps(reply))
        return
    messages = _Messages()
    logging.getLogger().addHandler(messages)
    for name, path in request["submissions"].items():
        messages.messages.clear()
        try:
            score = graded.grader(read_csv(Path(path)), answers)
        except Exception as err:  # noqa: BLE001 - e.g. a CSV MLE-bench's read_csv refuses
            score, messages.messages = None, [_error(err)]
        reply["scores"][name] = {
            "score": None if score is None else float(score),
            "message": "; ".join(messages.messages) or None,
        }
    Path(request["output"]).write_text(json.dumps(reply))


if __name__ == "__main__":
    main(sys.argv[1])
