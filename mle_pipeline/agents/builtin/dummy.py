"""The dummy agent: submits the sample submission unchanged."""

from mle_pipeline.agents.builtin.common import copy_sample, data_dir, log, pipes, submission_path


def main() -> None:
    with pipes() as context:
        sample = copy_sample(data_dir(), submission_path())
        log(context, f"dummy agent: copied {sample.name} to {submission_path()}")
        if context is not None:
            context.report_custom_message({"strategy": "sample submission"})


if __name__ == "__main__":
    main()
