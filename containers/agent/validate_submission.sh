#!/bin/sh
# Ask the run's validation server whether a submission is valid (it never returns a score).
#   validate_submission.sh [/home/submission/submission.csv]
# Uses $VALIDATION_SOCKET (a Unix socket: the only way out of a container without network)
# or $VALIDATION_URL; curl when present (as MLE-bench's script does), else Python.
FILE=${1:-/home/submission/submission.csv}
if [ ! -f "$FILE" ]; then echo "{\"valid\": false, \"reason\": \"no file at $FILE\"}"; exit 1; fi
if [ -z "${VALIDATION_URL:-}${VALIDATION_SOCKET:-}" ]; then
  echo "no validation server for this run (VALIDATION_URL is not set)" >&2; exit 2
fi
if command -v curl >/dev/null 2>&1; then
  URL=${VALIDATION_URL:-http://localhost/validate}
  if [ -n "${VALIDATION_SOCKET:-}" ]; then
    exec curl -sS --unix-socket "$VALIDATION_SOCKET" -F "file=@$FILE" "$URL"
  fi
  exec curl -sS -F "file=@$FILE" "$URL"
fi
exec python3 -m mle_pipeline.agents.validation "$FILE"
