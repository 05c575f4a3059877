"""Fill the English catalogue from a JSON file of translations: {"中文 msgid": "English", "复数 %(n)s 项": ["one", "many"]}.

    .venv/bin/python scripts/po_fill.py translations.json      # then: bash scripts/messages.sh --compile

Entries named in the file get the given text and lose any fuzzy flag; the script then lists what is still empty or
fuzzy, so that nothing is left half-translated.
"""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "ectalent" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main(path: str) -> int:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    po = polib.pofile(str(PO), wrapwidth=0)
    filled = 0
    for entry in po:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value, value]
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    po.save(str(PO))
    left = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    print(f"filled {filled}; still untranslated or fuzzy: {len(left)}")
    for msgid in left[:200]:
        print("  ", msgid.replace("\n", "\\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
