"""Side-by-side checks of this project's prepare and graders against MLE-bench's own code."""
