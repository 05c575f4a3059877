#!/usr/bin/env bash
# Quick start: install, create the SQLite database, load demo data and serve on http://127.0.0.1:8000
# (ECTALENT_ADDR=HOST:PORT or PORT serves elsewhere; the banner prints the address really served).
source "$(dirname "$0")/_env.sh"
.venv/bin/ectalent migrate --no-input -v 0
.venv/bin/ectalent compilemessages -v 0 2>/dev/null || true
.venv/bin/ectalent demo
echo
source scripts/_addr.sh
echo "平台已启动 / Serving on $ECTALENT_SERVE_URL （Ctrl+C 停止 / to stop）"
exec .venv/bin/ectalent runserver "$ECTALENT_SERVE_ADDR"
