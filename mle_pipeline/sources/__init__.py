"""Where raw Kaggle downloads come from: the Kaggle API, a mirror folder, or synthetic samples."""
