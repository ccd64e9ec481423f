"""Agents that ship with mle_pipeline; each is a program run in an agent workspace."""
