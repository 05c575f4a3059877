"""``ectalent eligibility`` as contracts/cli.md describes it."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from ectalent.rules.engine import evaluate
from ectalent.rules.management.commands.eligibility import answer_stream
from ectalent.rules.packs import load_pack
from ectalent.rules.validation import error_message, is_valid, validator

from .helpers import applicant, cert, degree, job
from .strategies import applicant as random_applicant

GOOD = applicant(id="A001", education=[degree("bachelor")], employment=[job("2015-01-01")], certificates=[cert("assistant", "2019-01-01")])


def run(lines: list[str], level="specialist", tmp_path=None):
    infile = tmp_path / "in.jsonl"
    outfile = tmp_path / "out.jsonl"
    infile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = 0
    try:
        call_command("eligibility", "--level", level, "--input", str(infile), "--output", str(outfile))
    except SystemExit as exc:
        status = exc.code
    return status, [json.loads(x) for x in outfile.read_text(encoding="utf-8").splitlines()]


def test_answers_each_line_in_order_with_contract_keys(tmp_path):
    docs = [GOOD, applicant(id="A002"), {**GOOD, "id": "A003", "as_of": "2016-01-01"}]
    status, out = run([json.dumps(d, ensure_ascii=False) for d in docs], tmp_path=tmp_path)
    assert status == 0
    assert [o["id"] for o in out] == ["A001", "A002", "A003"]
    assert list(out[0]) == ["id", "level", "eligible", "clauses", "reasons"]
    for doc, answer in zip(docs, out):
        assert answer == evaluate(doc, "specialist").as_json()
        assert answer["eligible"] == bool(answer["clauses"])
        assert [r["clause"] for r in answer["reasons"]] == list(range(1, 8))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"id": "B1", "as_of": "2023-02-30"}', "as_of"),
        ('{"id": "B2", "as_of": "2024-01-01", "employment": [{"start": "2020-13-01", "in_occupation": true}]}', "employment[0].start"),
        ('{"id": "B3", "as_of": "2024-01-01", "certificates": [{"level": "expert", "issued_on": "2020-01-01"}]}', "certificates[0].level"),
        ('{"id": "B4", "as_of": "2024-01-01", "education": [{"level": "bachelor", "status": "graduated"}]}', "education[0].major"),
        ('{"id": "B5"}', "as_of"),
        ('{"id": "B6", "as_of": "2024-01-01", "salary": 5}', "salary"),
        ('{"id": "B7", "as_of": "2024-01-01", "employment": [{"start": "2020-01-01", "in_occupation": "yes"}]}', "employment[0].in_occupation"),
        ('{"id": "B8", "as_of": "2024-1-1"}', "as_of"),
    ],
)
def test_malformed_line_gets_an_error_naming_the_field_and_others_are_answered(tmp_path, line, field):
    status, out = run([json.dumps(GOOD, ensure_ascii=False), line, json.dumps({**GOOD, "id": "A9"})], tmp_path=tmp_path)
    assert status == 1
    assert out[0]["id"] == "A001" and out[2]["id"] == "A9" and "eligible" in out[2]
    assert set(out[1]) == {"id", "line", "error"}
    assert out[1]["line"] == 2 and out[1]["id"] == json.loads(line)["id"]
    assert field in out[1]["error"]


def test_line_that_is_not_json_gets_null_id(tmp_path):
    status, out = run(["{not json", json.dumps(GOOD)], tmp_path=tmp_path)
    assert status == 1 and out[0]["id"] is None and out[0]["line"] == 1 and "JSON" in out[0]["error"]
    assert out[1]["id"] == "A001"


def test_small_chunks_keep_input_order():
    lines = []
    for i in range(23):
        lines.append(b"bad" if i % 5 == 0 else json.dumps({**GOOD, "id": f"C{i}"}).encode())
    buf = io.StringIO()
    errors = answer_stream(iter(lines), "assistant", load_pack(), buf.write, chunk_lines=4)
    out = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert errors == 5 and len(out) == 23
    assert [o.get("line") for o in out if "error" in o] == [1, 6, 11, 16, 21]
    assert [o["id"] for o in out if "error" not in o] == [f"C{i}" for i in range(23) if i % 5]


def test_console_command_reads_stdin_and_writes_stdout():
    result = subprocess.run(
        [sys.executable, "-m", "ectalent", "eligibility", "--level", "assistant", "--input", "-"],
        input=(json.dumps(GOOD, ensure_ascii=False) + "\n").encode(), capture_output=True, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    answer = json.loads(result.stdout.decode())
    assert answer["id"] == "A001" and answer["level"] == "assistant" and answer["clauses"] == [1, 4, 5]


def test_unknown_level_is_refused():
    result = subprocess.run(
        [sys.executable, "-m", "ectalent", "eligibility", "--level", "expert", "--input", "-"],
        input=b"", capture_output=True, check=False,
    )
    assert result.returncode != 0


# --- the fast check agrees with the JSON schema ---------------------------------------------------------------

MUTATIONS = [
    lambda d: d.pop("id"),
    lambda d: d.update(id=""),
    lambda d: d.update(id=7),
    lambda d: d.update(as_of="2023-02-29"),
    lambda d: d.update(as_of="20230101"),
    lambda d: d.update(extra=1),
    lambda d: d.update(education={"level": "bachelor"}),
    lambda d: d.update(education=[{"level": "bachelor", "major": "x", "status": "graduated", "graduated_on": "2020-02-30"}]),
    lambda d: d.update(education=[{"level": "bachelor", "major": "", "status": "graduated"}]),
    lambda d: d.update(education=[{"level": "bachelor", "major": "x" * 65, "status": "graduated"}]),
    lambda d: d.update(education=[{"level": "bachelor", "major": "x", "status": "done"}]),
    lambda d: d.update(education=[{"level": "bachelor", "major": "x", "status": "graduated", "school_recommended": 1}]),
    lambda d: d.update(employment=[{"start": "2020-01-01", "end": "2021-02-29", "in_occupation": True}]),
    lambda d: d.update(employment=[{"start": "2020-01-01", "in_occupation": True, "management": None}]),
    lambda d: d.update(employment=[{"start": None, "in_occupation": True}]),
    lambda d: d.update(employment=[{"start": "2020-01-01", "in_occupation": True, "boss": True}]),
    lambda d: d.update(certificates=[{"level": "clerk"}]),
    lambda d: d.update(trainings=[{"level": "clerk", "completed_on": "2020-01-01"}]),
    lambda d: d.update(trainings=None),
    lambda d: d.update(id=["x"]),
]


@settings(max_examples=150, deadline=None)
@given(random_applicant(), st.sampled_from(range(len(MUTATIONS))) | st.none())
def test_fast_check_agrees_with_the_schema(doc, mutation):
    if mutation is not None:
        MUTATIONS[mutation](doc)
    assert is_valid(doc) == validator().is_valid(doc) == (error_message(doc) is None)


# --- the typed (msgspec) decoding agrees with the schema; workers answer as one process does ----------------------

EXTRA_LINES = [
    '{"id": "N1", "as_of": "2024-01-01", "education": [{"level": "bachelor", "major": "电子商务", "status": "graduated", "school_recommended": null}]}',
    '{"id": "N2", "as_of": "2024-01-01", "employment": [{"start": "2020-01-01", "in_occupation": true, "end": null, "management": null}]}',
    '{"id": "N3", "as_of": "2024-01-01", "id": "dup"}',
    '{"id": "N4", "as_of": "２０２４-01-01"}',
    '{"id": "N5", "as_of": "2024-01-01T00:00:00"}',
    '{"id": "N6", "as_of": "2024-01-01", "employment": [{"start": "2020-01-01", "in_occupation": 1}]}',
    '{"id": "N7", "as_of": "2024-01-01", "certificates": null}',
    '\ufeff{"id": "N8", "as_of": "2024-01-01"}',
    '{"id": "q\\"uote\\\\back\\u00e9\\n", "as_of": "2024-01-01"}',
]


@settings(max_examples=150, deadline=None)
@given(random_applicant(), st.sampled_from(range(len(MUTATIONS))) | st.none())
def test_typed_decoding_accepts_exactly_what_the_schema_accepts(doc, mutation):
    from ectalent.rules.typed import DecodeError, decode_line

    if mutation is not None:
        MUTATIONS[mutation](doc)
    try:
        decode_line(json.dumps(doc, ensure_ascii=False).encode())
        accepted = True
    except DecodeError:
        accepted = False
    assert accepted == validator().is_valid(doc)


@pytest.mark.parametrize("line", EXTRA_LINES)
def test_typed_decoding_never_accepts_what_the_old_check_refuses(line):
    from ectalent.rules.typed import DecodeError, decode_line

    try:
        decode_line(line.encode())
    except DecodeError:
        return
    assert is_valid(json.loads(line.lstrip("\ufeff")))


def test_worker_processes_answer_byte_for_byte_as_one_process(tmp_path):
    rng_docs = [json.dumps({**GOOD, "id": f"W{i}", "as_of": f"20{15 + i % 10}-06-30"}, ensure_ascii=False)
                for i in range(60)]
    lines = rng_docs[:10] + ["{bad", ""] + rng_docs[10:30] + EXTRA_LINES + rng_docs[30:] + ["", ""]
    infile = tmp_path / "in.jsonl"
    infile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        result = subprocess.run(
            [sys.executable, "-m", "ectalent", "eligibility", "--level", "specialist", "--input", str(infile),
             "--output", str(out), "--chunk-lines", "7", "--workers", workers],
            capture_output=True, check=False,
        )
        assert result.returncode == 1, result.stderr.decode()
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    answers = [json.loads(x) for x in outputs[0].decode().splitlines()]
    assert len(answers) == len(lines) - 2  # the two blank lines at the end are not answered
    assert answers[11] == {"id": None, "line": 12, "error": "空行，不是 JSON 文档（empty line）"}
