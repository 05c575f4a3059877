#!/usr/bin/env bash
# Quick start: install, create the SQLite database, load demo data, start the background worker, serve on
# http://127.0.0.1:8000 (ECTALENT_ADDR=HOST:PORT or PORT serves elsewhere; the banner prints the address really served).
source "$(dirname "$0")/_env.sh"
source scripts/_addr.sh
# No debug pages (they list every URL and show code and settings): DEBUG off, in the quick start's local mode
# (plain HTTP, the development secret key in var/, static files served by WhiteNoise; see settings.QUICKSTART).
export DEBUG="${DEBUG:-0}" ECTALENT_QUICKSTART=1
if [ -z "${ALLOWED_HOSTS:-}" ]; then
  SERVE_HOST="${ECTALENT_SERVE_ADDR%:*}"; SERVE_HOST="${SERVE_HOST#[}"; SERVE_HOST="${SERVE_HOST%]}"
  case "$SERVE_HOST" in
    0.0.0.0|::) export ALLOWED_HOSTS="*" ;;  # every interface: reached by whatever name or address the machine has
    *) export ALLOWED_HOSTS="127.0.0.1,localhost,::1,$SERVE_HOST" ;;
  esac
fi
.venv/bin/ectalent migrate --no-input -v 0
.venv/bin/ectalent compilemessages -v 0 2>/dev/null || true
.venv/bin/ectalent demo
DATA="${ECTALENT_DATA_DIR:-var}"
mkdir -p "$DATA"
# The background worker runs imports, batch calculations, large exports and the e-mail/SMS outbox, and the
# reminder round (deadline messages, each sent once) every five minutes. It stops with the server.
# The served address, also for the worker (links in e-mails; ECTALENT_PUBLIC_BASE_URL overrides it).
source scripts/_addr.sh
export ECTALENT_SERVE_URL
.venv/bin/ectalent worker --interval 1 >>"$DATA/worker.log" 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
echo
echo "后台任务进程已启动 / background worker started (log: $DATA/worker.log)"
echo "平台已启动 / Serving on $ECTALENT_SERVE_URL （Ctrl+C 停止 / to stop）"
.venv/bin/ectalent runserver "$ECTALENT_SERVE_ADDR"
