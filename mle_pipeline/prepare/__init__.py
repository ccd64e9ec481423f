"""Preparation: turning a raw Kaggle download into MLE-bench's public/private split."""
