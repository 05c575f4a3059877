#!/usr/bin/env bash
# The English catalogue (ectalent/locale/en/LC_MESSAGES/django.po): extract the strings marked for translation,
# keep the file sorted and without source locations (parallel branches then merge cleanly; .gitattributes merges
# it as a union), drop duplicates a merge may leave, and compile the .mo that the platform reads.
#
#   bash scripts/messages.sh            extract, tidy and compile
#   bash scripts/messages.sh --compile  only tidy and compile (after a merge)
#
# After extracting, give every entry with an empty msgstr its English text; the i18n tests refuse empty,
# fuzzy or obsolete entries.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PO="$ROOT/ectalent/locale/en/LC_MESSAGES/django.po"
PY="$ROOT/.venv/bin/python"
msguniq --use-first --no-location --sort-output -o "$PO" "$PO"
if [ "${1:-}" != "--compile" ]; then
  # Policy packs are YAML: list their display names as Python for makemessages (ectalent/rules/policy_texts.py).
  "$PY" -m django policymessages --settings=ectalent.settings >/dev/null
  (cd "$ROOT/ectalent" && "$PY" -m django makemessages -l en --no-location --no-obsolete -v 0 \
     --settings=ectalent.settings --ignore 'tests/*' --ignore '*/tests/*')
  msgcat --no-location --sort-output -o "$PO" "$PO"
fi
(cd "$ROOT/ectalent" && "$PY" -m django compilemessages -l en -v 0 --settings=ectalent.settings)
untranslated=$(msgattrib --untranslated --no-obsolete "$PO" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep -c '^msgid ' || true)
if [ "$untranslated" -gt 1 ] || [ "$fuzzy" -gt 0 ]; then
  echo "英文目录仍有 $((untranslated > 0 ? untranslated - 1 : 0)) 条未翻译、$fuzzy 条模糊条目 / untranslated or fuzzy entries left in $PO" >&2
fi
