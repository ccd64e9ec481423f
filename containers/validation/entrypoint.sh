#!/bin/sh
# Serve validation inside a container: bind all interfaces (the port is published by
# `docker run -p 127.0.0.1:5000:5000`), answers from /data (mounted read-only).
exec python3 -m mle_pipeline.grading.validation_server \
  --host "${VALIDATION_HOST:-0.0.0.0}" --port "${VALIDATION_PORT:-5000}" \
  --data-root "${MLE_PIPELINE_DATA:-/data}" "$@"
