"""The reference of eligibility_cli_bench.py: a plain per-person loop over a JSON-lines file.

    python benchmarks/plain_loop.py LEVEL INPUT OUTPUT
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from ectalent.rules.engine import evaluate  # noqa: E402
from ectalent.rules.packs import load_pack  # noqa: E402

level, source, target = sys.argv[1:4]
pack = load_pack()
with open(source, "rb") as lines, open(target, "w", encoding="utf-8") as out:
    for line in lines:
        doc = json.loads(line)
        decision = evaluate(doc, level, pack)
        out.write(json.dumps({"id": doc["id"], "eligible": decision.eligible, "clauses": decision.clauses}) + "\n")
