"""Batch mode (polars) and single mode give the same answers on random applicants, date corners included."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ectalent.rules.batch import derive_frame, evaluate_facts, frames_from_documents, mask_to_clauses
from ectalent.rules.engine import evaluate
from ectalent.rules.packs import load_pack
from ectalent.rules.validation import is_valid

from .strategies import applicant

LEVELS = ("assistant", "specialist", "senior", "manager")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(applicant(), min_size=1, max_size=20))
def test_batch_equals_single(docs):
    docs = [{**doc, "id": f"P{i}"} for i, doc in enumerate(docs)]
    for doc in docs:
        assert is_valid(doc), json.dumps(doc)
    pack = load_pack()
    facts = derive_frame(frames_from_documents(docs), pack)
    for level in LEVELS:
        decided = evaluate_facts(facts, level, pack)
        quick = evaluate_facts(facts, level, pack, texts=False)
        for doc, line, mask, eligible in zip(
            docs, decided["json"], quick["clause_mask"], quick["eligible"], strict=True
        ):
            single = evaluate(doc, level).as_json()
            assert single == json.loads(line), json.dumps(doc, ensure_ascii=False)
            assert mask_to_clauses(mask) == single["clauses"] and eligible == single["eligible"]
