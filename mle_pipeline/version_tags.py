"""Tags under which Dagster records a materialization's data and code versions (shown in
the UI; Dagster's own constants for them live in a private module). No imports: any
layer may use them."""

DATA_VERSION_TAG = "dagster/data_version"
CODE_VERSION_TAG = "dagster/code_version"
# Prefix of the tag naming, per dependency, its latest event's storage id when the
# materialization ran (Dagster's stale status compares data versions from there on).
INPUT_EVENT_POINTER_TAG_PREFIX = "dagster/input_event_pointer"
