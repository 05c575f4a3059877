#!/usr/bin/env bash
# Install everything and run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
source "$(dirname "$0")/_env.sh" test
if [ -n "${DATABASE_URL:-}" ]; then echo "数据库 / database: ${DATABASE_URL%%\?*}"; else echo "数据库 / database: SQLite"; fi
.venv/bin/python -m django makemigrations --check --dry-run --settings=ectalent.settings >/dev/null \
  || { echo "模型变更缺少迁移 / missing migrations: run 'ectalent makemigrations'" >&2; exit 1; }
exec .venv/bin/python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
