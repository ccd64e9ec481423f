"""The dummy agent: submits the sample submission unchanged, after asking the validator."""

import json
import os

from mle_pipeline.agents.builtin.common import copy_sample, data_dir, pipes, submission_path
from mle_pipeline.agents.validation import URL_ENV, validate_file


def main() -> None:
    with pipes() as context:
        sample = copy_sample(data_dir(), submission_path())
        print(f"dummy agent: copied {sample.name} to {submission_path()}", flush=True)
        verdict = None
        if os.environ.get(URL_ENV):
            _, verdict = validate_file(str(submission_path()))
            print(f"dummy agent: validation server says {json.dumps(verdict)}", flush=True)
        # Its whole story as the run's metadata (agent/...), not as log events: each event
        # costs Dagster a write, and this agent is the one used to measure overhead.
        if context is not None:
            context.report_custom_message(
                {"strategy": "sample submission", "sample": sample.name, "validation": verdict}
            )


if __name__ == "__main__":
    main()
