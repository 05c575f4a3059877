#!/usr/bin/env bash
# Quick start: install, create the SQLite database, load demo data and serve on http://127.0.0.1:8000
source "$(dirname "$0")/_env.sh"
.venv/bin/ectalent migrate --no-input -v 0
.venv/bin/ectalent compilemessages -v 0 2>/dev/null || true
.venv/bin/ectalent demo
echo
echo "平台已启动 / Serving on http://127.0.0.1:8000/ （Ctrl+C 停止 / to stop）"
exec .venv/bin/ectalent runserver "${ECTALENT_ADDR:-127.0.0.1:8000}"
