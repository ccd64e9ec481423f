"""Dagster assets, one module per stage: raw → prepared → agent_runs → grading → leaderboard."""
