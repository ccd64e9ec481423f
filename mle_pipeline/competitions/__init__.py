"""One folder per competition: its config.yaml facts and, once implemented, its code."""
