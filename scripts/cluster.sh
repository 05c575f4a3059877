#!/usr/bin/env bash
# The multi-node layout, tried on this one machine, then a smoke test through it (docs/deployment.md):
#
#   nginx :8200 ──► gunicorn app-a :8201 ─┐        PostgreSQL primary :5442 ──streaming──► replica :5443
#                └► gunicorn app-b :8202 ─┼──────► Redis :6390 (cache, rate limits, job progress, heartbeat)
#                    ectalent worker  ────┘        S3-compatible store :9100 (moto server; MinIO in production)
#
#   bash scripts/cluster.sh          bring everything up, run the smoke test, leave it running
#   bash scripts/cluster.sh smoke    run the smoke test again
#   bash scripts/cluster.sh down     stop everything and remove $CLUSTER_DIR
#
# Each app node and the worker has its own data folder: nothing they share goes through the local disk.
# Needs root (or sudo) for PostgreSQL's own user and to install nginx from Debian when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-/tmp/ectalent-cluster}"
PG_PRIMARY_PORT=5442 PG_REPLICA_PORT=5443 REDIS_PORT=6390 S3_PORT=9100 LB_PORT=8200 APP_A=8201 APP_B=8202
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi; }
log() { printf '\n== %s\n' "$*"; }

stop_all() {
  for pidfile in "$CLUSTER_DIR"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  [ -f "$CLUSTER_DIR/nginx/nginx.pid" ] && nginx -p "$CLUSTER_DIR/nginx" -c nginx.conf -s stop 2>/dev/null || true
  for d in pg-replica pg-primary; do
    [ -d "$CLUSTER_DIR/$d" ] && as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/$d" -m fast stop >/dev/null 2>&1 || true
  done
}

if [ "${1:-}" = "down" ]; then
  stop_all; rm -rf "$CLUSTER_DIR"; echo "cluster stopped and removed"; exit 0
fi

env_file() {
  cat <<EOF
DEBUG=0
SECRET_KEY=$(cat "$CLUSTER_DIR/secret_key")
ECTALENT_SIGNING_KEY=$(cat "$CLUSTER_DIR/signing_key")
ALLOWED_HOSTS=127.0.0.1,localhost
SECURE_SSL_REDIRECT=0
SESSION_COOKIE_SECURE=0
CSRF_COOKIE_SECURE=0
SECURE_HSTS_SECONDS=0
DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT/ectalent
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/ectalent
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
ECTALENT_STORAGE=s3
ECTALENT_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
ECTALENT_S3_BUCKET=ectalent
ECTALENT_S3_ACCESS_KEY=cluster
ECTALENT_S3_SECRET_KEY=cluster-secret
ECTALENT_PUBLIC_BASE_URL=http://127.0.0.1:$LB_PORT
ECTALENT_TRUSTED_PROXIES=127.0.0.1
STATIC_ROOT=$CLUSTER_DIR/static
EOF
}

run_bg() {  # name, data dir, command...
  local name="$1" data="$2"; shift 2
  mkdir -p "$data"
  ( set -a; . "$CLUSTER_DIR/env"; set +a; ECTALENT_DATA_DIR="$data" ECTALENT_NODE_NAME="$name" exec "$@" ) \
    >>"$CLUSTER_DIR/log/$name.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/run/$name.pid"
}

ectalent() { ( set -a; . "$CLUSTER_DIR/env"; set +a; ECTALENT_DATA_DIR="$CLUSTER_DIR/data-admin" "$ROOT/.venv/bin/ectalent" "$@" ); }

wait_http() {  # url, seconds
  for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done
  echo "no answer from $1" >&2; return 1
}

if [ "${1:-}" != "smoke" ]; then
  log "install (the project with its s3 and cluster extras)"
  (cd "$ROOT" && source scripts/_env.sh "s3,cluster")
  if ! command -v nginx >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq nginx >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx >/dev/null; }
  fi
  [ -n "$PG_BIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

  stop_all; rm -rf "$CLUSTER_DIR"
  mkdir -p "$CLUSTER_DIR"/{run,log,nginx,s3} && chmod 755 "$CLUSTER_DIR"
  "$ROOT/.venv/bin/python" -c "import secrets; print(secrets.token_urlsafe(50))" >"$CLUSTER_DIR/secret_key"
  "$ROOT/.venv/bin/python" - >"$CLUSTER_DIR/signing_key" <<'PY'
import base64
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
key = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
print(base64.b64encode(key).decode())
PY
  env_file >"$CLUSTER_DIR/env"

  log "PostgreSQL primary :$PG_PRIMARY_PORT and streaming replica :$PG_REPLICA_PORT"
  install -d -m 700 -o postgres -g postgres "$CLUSTER_DIR/pg-primary" "$CLUSTER_DIR/pg-replica"
  install -d -m 755 -o postgres -g postgres "$CLUSTER_DIR/pgsock"
  as_postgres "$PG_BIN/initdb" -D "$CLUSTER_DIR/pg-primary" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$CLUSTER_DIR/pg-primary/postgresql.conf" <<EOF
port = $PG_PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$CLUSTER_DIR/pgsock'
wal_level = replica
max_wal_senders = 5
hot_standby = on
EOF
  echo "host replication all 127.0.0.1/32 trust" >>"$CLUSTER_DIR/pg-primary/pg_hba.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg-primary" -l "$CLUSTER_DIR/pg-primary/server.log" -w start >/dev/null
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" ectalent
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -D "$CLUSTER_DIR/pg-replica" -R -X stream >/dev/null
  sed -i "s/^port = $PG_PRIMARY_PORT/port = $PG_REPLICA_PORT/" "$CLUSTER_DIR/pg-replica/postgresql.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg-replica" -l "$CLUSTER_DIR/pg-replica/server.log" -w start >/dev/null
  psql -h 127.0.0.1 -p "$PG_REPLICA_PORT" -U postgres -tAc "SELECT 'replica in recovery: ' || pg_is_in_recovery()" ectalent

  log "Redis :$REDIS_PORT and the S3-compatible store :$S3_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$CLUSTER_DIR/run/redis.pid" --logfile "$CLUSTER_DIR/log/redis.log"
  "$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >>"$CLUSTER_DIR/log/s3.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/run/s3.pid"
  wait_http "http://127.0.0.1:$S3_PORT/" 30
  "$ROOT/.venv/bin/python" - <<PY
import boto3
s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:$S3_PORT", aws_access_key_id="cluster",
                  aws_secret_access_key="cluster-secret", region_name="us-east-1")
s3.create_bucket(Bucket="ectalent")
print("bucket ectalent created")
PY

  log "schema, static files and demo data (on the primary)"
  ectalent migrate --no-input -v 0
  ectalent collectstatic --no-input -v 0
  ectalent demo >/dev/null
  echo "demo loaded"

  log "two app nodes, one worker, nginx :$LB_PORT"
  for node in a b; do
    port=$([ "$node" = a ] && echo $APP_A || echo $APP_B)
    run_bg "app-$node" "$CLUSTER_DIR/data-app-$node" "$ROOT/.venv/bin/gunicorn" ectalent.wsgi:application \
      --bind "127.0.0.1:$port" --workers 2 --timeout 60 --graceful-timeout 5
  done
  run_bg worker "$CLUSTER_DIR/data-worker" "$ROOT/.venv/bin/ectalent" worker --interval 0.5 --no-startup-delay
  cat >"$CLUSTER_DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $CLUSTER_DIR/nginx/nginx.pid;
error_log $CLUSTER_DIR/log/nginx-error.log;
events { worker_connections 256; }
http {
  access_log $CLUSTER_DIR/log/nginx-access.log;
  client_body_temp_path $CLUSTER_DIR/nginx/body;
  proxy_temp_path $CLUSTER_DIR/nginx/proxy;
  fastcgi_temp_path $CLUSTER_DIR/nginx/fastcgi;
  uwsgi_temp_path $CLUSTER_DIR/nginx/uwsgi;
  scgi_temp_path $CLUSTER_DIR/nginx/scgi;
  client_max_body_size 40m;
  upstream ectalent {
    server 127.0.0.1:$APP_A max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$APP_B max_fails=1 fail_timeout=10s;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://ectalent;
      proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
  nginx -p "$CLUSTER_DIR/nginx" -c nginx.conf
  wait_http "http://127.0.0.1:$APP_A/healthz" 60
  wait_http "http://127.0.0.1:$APP_B/healthz" 60
  wait_http "http://127.0.0.1:$LB_PORT/healthz" 30
fi

log "smoke test"
set -a; . "$CLUSTER_DIR/env"; set +a
CLUSTER_DIR="$CLUSTER_DIR" LB="http://127.0.0.1:$LB_PORT" NODE_A="http://127.0.0.1:$APP_A" NODE_B="http://127.0.0.1:$APP_B" \
  PG_BIN="$PG_BIN" PG_REPLICA_PORT="$PG_REPLICA_PORT" "$ROOT/.venv/bin/python" "$ROOT/scripts/cluster_smoke.py"
