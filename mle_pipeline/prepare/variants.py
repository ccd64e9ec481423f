"""Opt-in preparation variants: an environment variable, else the competition's config."""

from __future__ import annotations

import os

# Preparation variants that are MLE-bench's own preparation: "default" where a competition
# has no variant, "mlebench" where it has opt-in ones (the others differ on purpose).
MLEBENCH_VARIANTS = ("default", "mlebench")


def opt_in(competition_id: str, env: str, option: str) -> bool:
    """Whether ``env`` (1/0, true/false, yes/no, on/off) or, when it is unset or blank, the
    config's ``options.<option>`` asks for the variant."""
    value = os.environ.get(env)
    if value is None or not value.strip():
        from mle_pipeline.registry import get_competition

        return bool(get_competition(competition_id).options.get(option, False))
    flag = value.strip().lower()
    if flag in ("1", "true", "yes", "on"):
        return True
    if flag in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{env}={value!r}: expected 1 or 0")
