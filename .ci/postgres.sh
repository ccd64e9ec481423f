#!/usr/bin/env bash
# Start a local PostgreSQL on loopback for tests/test_postgres.py and print its URL:
#   export MLE_PIPELINE_TEST_PG_URL="$(bash .ci/postgres.sh)"
# Idempotent and quick when PostgreSQL is installed and running: installs Debian's
# `postgresql` only when psql/pg_ctlcluster are missing, starts the newest cluster if it
# is down, and (re)creates an empty test database owned by a test role. Needs root.
# Diagnostics go to stderr; stdout is only the URL.
set -euo pipefail
ROLE=${MLE_PIPELINE_TEST_PG_ROLE:-mle_pipeline}
PASSWORD=${MLE_PIPELINE_TEST_PG_PASSWORD:-mle_pipeline}
DB=${MLE_PIPELINE_TEST_PG_DB:-mle_pipeline_test}
say() { echo "[postgres] $*" >&2; }

[ "$(id -u)" = 0 ] || { say "not root: cannot install or start PostgreSQL"; exit 1; }
if ! command -v psql >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
  say "installing Debian's postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

cluster=$(pg_lsclusters --no-header | sort -V | tail -1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  say "creating cluster $version/main"
  pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | sort -V | tail -1)
fi
read -r version name port status _ <<<"$cluster"
# Debian's default listen_addresses is 'localhost': loopback only.
if [ "$status" != online ]; then
  say "starting cluster $version/$name on port $port"
  pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { say "cluster $version/$name does not answer"; exit 1; }

sql() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtAc "$1"; }
if [ "$(sql "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  sql "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
sql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >&2
sql "CREATE DATABASE $DB OWNER $ROLE" >&2
say "database $DB ready on 127.0.0.1:$port"
# +psycopg2: the driver dagster-postgres installs (SQLAlchemy >= 2.1 defaults to psycopg 3).
echo "postgresql+psycopg2://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
