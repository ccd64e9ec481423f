#!/usr/bin/env bash
# Start PgBouncer in front of a PostgreSQL and print the URL Dagster should use instead:
#   export MLE_PIPELINE_PG_URL="$(sudo bash deploy/pgbouncer.sh "$MLE_PIPELINE_PG_URL")"
#
# Why: Dagster's PostgreSQL storages open a new connection for every storage call
# (SQLAlchemy NullPool), about 60 per materialized partition. Each costs a backend process
# and a password (SCRAM) handshake: 8 ms on a 2-core VM, which doubles Dagster's cost per
# partition (benchmarks/dagster_overhead.py). PgBouncer keeps authenticated server
# connections open and lets the processes of this machine in through a Unix socket that
# only the owner and group of the socket directory can reach.
#
# Run one per machine that runs Dagster processes (webserver, daemon, CLI, run workers);
# mount the socket directory into run containers. Installs Debian's pgbouncer if it is
# missing; restarts it if it runs already (idempotent). Needs root. Environment:
#   MLE_PIPELINE_PGBOUNCER_DIR    config, socket, log and pid (default /run/mle-pipeline-pgbouncer)
#   MLE_PIPELINE_PGBOUNCER_PORT   the socket's port number (default 6432; no TCP listener)
#   MLE_PIPELINE_PGBOUNCER_GROUP  group allowed to connect (default: root's group)
#   MLE_PIPELINE_PGBOUNCER_POOL   server connections per database and user (default 20)
# Diagnostics go to stderr; stdout is only the URL.
set -euo pipefail
say() { echo "[pgbouncer] $*" >&2; }
[ $# = 1 ] || { say "usage: $0 postgresql+psycopg2://user:password@host:port/db"; exit 2; }
SERVER_URL=$1
DIR=${MLE_PIPELINE_PGBOUNCER_DIR:-/run/mle-pipeline-pgbouncer}
PORT=${MLE_PIPELINE_PGBOUNCER_PORT:-6432}
GROUP=${MLE_PIPELINE_PGBOUNCER_GROUP:-$(id -gn)}
POOL=${MLE_PIPELINE_PGBOUNCER_POOL:-20}

[ "$(id -u)" = 0 ] || { say "not root: cannot install or start PgBouncer"; exit 1; }
PATH=$PATH:/usr/sbin  # where Debian puts pgbouncer
if ! command -v pgbouncer >/dev/null; then
  say "installing Debian's pgbouncer"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >&2
fi

# The server URL's parts (Python's parser: passwords may hold any URL-quoted character).
read -r USER_NAME PASSWORD HOST SERVER_PORT DB < <(python3 - "$SERVER_URL" <<'EOF'
import sys
from urllib.parse import unquote, urlsplit
url = urlsplit(sys.argv[1])
if not url.scheme.startswith("postgres") or not url.username or not url.path.strip("/"):
    sys.exit(f"{sys.argv[1]!r} is not a postgresql://user:password@host:port/db URL")
parts = [unquote(str(part)) for part in (url.username, url.password or "",
         url.hostname or "127.0.0.1", url.port or 5432, url.path.strip("/"))]
for part in parts:
    if any(c.isspace() or c in "\"'\\" for c in part):
        sys.exit(f"URL part {part!r} holds a space, quote or backslash")
if not parts[1]:
    sys.exit("the URL has no password: PgBouncer needs it to log into the server")
print(*parts)
EOF
) || { say "cannot use that URL"; exit 2; }

# PgBouncer runs as the postgres user if there is one (it refuses to run as root).
OWNER=$(id -un postgres 2>/dev/null || echo nobody)
if [ -f "$DIR/pgbouncer.pid" ] && kill -0 "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null; then
  say "stopping the PgBouncer already running from $DIR"
  kill "$(cat "$DIR/pgbouncer.pid")"
  for _ in $(seq 50); do [ -S "$DIR/.s.PGSQL.$PORT" ] || break; sleep 0.1; done
fi
install -d -m 0750 -o "$OWNER" -g "$GROUP" "$DIR"
runuser -u "$OWNER" -- test -x "$DIR" ||
  { say "$OWNER cannot enter $DIR (a parent directory is closed to it): choose another"; exit 1; }
umask 077
# Written beside, then renamed: a restart never reads half a file.
cat >"$DIR/userlist.txt.tmp" <<EOF
"$USER_NAME" "$PASSWORD"
EOF
cat >"$DIR/pgbouncer.ini.tmp" <<EOF
; Written by deploy/pgbouncer.sh: clients on this machine's Unix socket, pooled server
; connections to $HOST:$SERVER_PORT.
[databases]
$DB = host=$HOST port=$SERVER_PORT dbname=$DB user=$USER_NAME

[pgbouncer]
; No TCP listener: only processes that can enter $DIR (owner and group) connect.
listen_addr =
listen_port = $PORT
unix_socket_dir = $DIR
unix_socket_mode = 0770
; The socket directory's permissions are the access control; the server connections
; authenticate with the password in userlist.txt.
auth_type = trust
auth_file = $DIR/userlist.txt
; Dagster runs every statement in autocommit: session pooling keeps it as it is.
pool_mode = session
default_pool_size = $POOL
max_client_conn = 1000
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
EOF
chown "$OWNER" "$DIR/userlist.txt.tmp" "$DIR/pgbouncer.ini.tmp"
mv "$DIR/userlist.txt.tmp" "$DIR/userlist.txt"
mv "$DIR/pgbouncer.ini.tmp" "$DIR/pgbouncer.ini"

runuser -u "$OWNER" -- pgbouncer -d "$DIR/pgbouncer.ini" >&2
for _ in $(seq 50); do [ -S "$DIR/.s.PGSQL.$PORT" ] && break; sleep 0.1; done
[ -S "$DIR/.s.PGSQL.$PORT" ] || { say "PgBouncer did not start: see $DIR/pgbouncer.log"; exit 1; }
say "pooling $HOST:$SERVER_PORT/$DB on the socket in $DIR (port $PORT)"
echo "postgresql+psycopg2://$USER_NAME@/$DB?host=$DIR&port=$PORT"
