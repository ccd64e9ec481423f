"""Integrity of agent runs: deterministic signals, plagiarism and rule-violation checks."""
