"""Tags under which Dagster records a materialization's data and code versions (shown in
the UI; Dagster's own constants for them live in a private module). No imports: any
layer may use them."""

DATA_VERSION_TAG = "dagster/data_version"
CODE_VERSION_TAG = "dagster/code_version"
