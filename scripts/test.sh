#!/usr/bin/env bash
# Install everything and run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
source "$(dirname "$0")/_env.sh" test
if [ -n "${DATABASE_URL:-}" ]; then echo "数据库 / database: ${DATABASE_URL%%\?*}"; else echo "数据库 / database: SQLite"; fi
if ! out=$(.venv/bin/python -m django makemigrations --check --dry-run --settings=ectalent.settings 2>&1); then
  echo "$out" | tail -20 >&2
  echo "模型变更缺少迁移或项目无法加载 / missing migrations or the project does not load" >&2
  exit 1
fi
exec .venv/bin/python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
