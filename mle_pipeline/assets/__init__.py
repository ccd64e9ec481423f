"""Dagster assets, one module per pipeline stage: raw → prepared → agent_runs → grading → leaderboard."""
