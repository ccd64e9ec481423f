"""Errors raised by graders."""


class InvalidSubmissionError(ValueError):
    """The submission cannot be scored; the message says why (shown to agents and users)."""
