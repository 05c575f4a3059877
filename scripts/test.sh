#!/usr/bin/env bash
# Install everything and run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
source "$(dirname "$0")/_env.sh" test
# Browser tests drive Debian's Chromium (never a downloaded one); the catalogue test extracts messages with GNU
# gettext (xgettext, msgmerge). Install the Debian packages when we may.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  if $SUDO true 2>/dev/null; then
    echo "正在安装 ${need[*]} / installing Debian ${need[*]} for the browser and catalogue tests ..." >&2
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; } \
      || echo "${need[*]} 安装失败 / could not install ${need[*]}: the tests that need them fail in CI and skip elsewhere" >&2
  fi
fi
if [ -n "${DATABASE_URL:-}" ]; then echo "数据库 / database: ${DATABASE_URL%%\?*}"; else echo "数据库 / database: SQLite"; fi
if ! out=$(.venv/bin/python -m django makemigrations --check --dry-run --settings=ectalent.settings 2>&1); then
  echo "$out" | tail -20 >&2
  echo "模型变更缺少迁移或项目无法加载 / missing migrations or the project does not load" >&2
  exit 1
fi
exec .venv/bin/python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
