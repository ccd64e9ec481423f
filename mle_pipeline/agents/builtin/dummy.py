"""The dummy agent: submits the sample submission unchanged, after asking the validator."""

import json
import os

from mle_pipeline.agents.builtin.common import copy_sample, data_dir, log, pipes, submission_path
from mle_pipeline.agents.validation import URL_ENV, validate_file


def main() -> None:
    with pipes() as context:
        sample = copy_sample(data_dir(), submission_path())
        log(context, f"dummy agent: copied {sample.name} to {submission_path()}")
        verdict = None
        if os.environ.get(URL_ENV):
            _, verdict = validate_file(str(submission_path()))
            log(context, f"dummy agent: validation server says {json.dumps(verdict)}")
        if context is not None:
            context.report_custom_message({"strategy": "sample submission", "validation": verdict})


if __name__ == "__main__":
    main()
