"""The leaderboard: per agent and split, medal rates as mean ± SEM over seeds."""
