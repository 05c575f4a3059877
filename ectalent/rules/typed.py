"""Typed decoding of applicant-facts JSON lines with msgspec: parsing and checking in one pass.

``decode_line`` turns one line into an ``Applicant`` (msgspec ``Struct`` types that mirror
``contracts/applicant-facts.schema.json``: required fields, enums as ``Literal``, string lengths, real calendar
dates, no unknown field) or raises. A refused line is then worded by ``validation.error_message`` exactly as before,
so the messages of the contract stay the same; msgspec only makes the common case (a valid line) fast.

``frames_from_applicants`` builds the batch engine's ``ApplicantFrames`` from decoded applicants: a few list
comprehensions per column (no dict per record), dates already ``datetime.date``.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec
import polars as pl

from .batch import CERT_SCHEMA, EDU_SCHEMA, EMP_SCHEMA, PEOPLE_SCHEMA, TRAIN_SCHEMA, ApplicantFrames
from .validation import ID_MAX, MAJOR_MAX

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=ID_MAX)]
Major = Annotated[str, msgspec.Meta(min_length=1, max_length=MAJOR_MAX)]


class Education(msgspec.Struct, forbid_unknown_fields=True):
    level: Literal["secondary", "vocational_advanced", "associate", "bachelor", "master", "doctor"]
    major: Major
    status: Literal["graduated", "enrolled"]
    graduated_on: datetime.date | None = None
    school_recommended: bool = False


class Employment(msgspec.Struct, forbid_unknown_fields=True):
    start: datetime.date
    in_occupation: bool
    end: datetime.date | None = None
    management: bool = False


class Certificate(msgspec.Struct, forbid_unknown_fields=True):
    level: Literal["clerk", "assistant", "specialist", "senior", "manager"]
    issued_on: datetime.date


class Training(msgspec.Struct, forbid_unknown_fields=True):
    level: Literal["assistant", "specialist", "senior", "manager"]
    completed_on: datetime.date


class Applicant(msgspec.Struct, forbid_unknown_fields=True):
    id: Id
    as_of: datetime.date
    education: list[Education] = []
    employment: list[Employment] = []
    certificates: list[Certificate] = []
    trainings: list[Training] = []


_decoder = msgspec.json.Decoder(Applicant)
decode_line = _decoder.decode
DecodeError = msgspec.DecodeError  # (msgspec.ValidationError is a subclass)

def applicant_from_doc(doc: dict) -> Applicant:
    """An ``Applicant`` from a document already found valid by ``validation.is_valid`` (no checks here)."""
    date = datetime.date.fromisoformat
    opt = lambda v: None if v is None else date(v)  # noqa: E731
    return Applicant(
        id=doc["id"], as_of=date(doc["as_of"]),
        education=[Education(e["level"], e["major"], e["status"], opt(e.get("graduated_on")), e.get("school_recommended", False))
                   for e in doc.get("education", ())],
        employment=[Employment(date(p["start"]), p["in_occupation"], opt(p.get("end")), p.get("management", False))
                    for p in doc.get("employment", ())],
        certificates=[Certificate(c["level"], date(c["issued_on"])) for c in doc.get("certificates", ())],
        trainings=[Training(t["level"], date(t["completed_on"])) for t in doc.get("trainings", ())],
    )


def _frame(columns: dict, schema: dict) -> pl.DataFrame:
    return pl.DataFrame([pl.Series(name, columns[name], dtype=dtype) for name, dtype in schema.items()])


def frames_from_applicants(apps: list[Applicant]) -> ApplicantFrames:
    """The batch engine's frames for decoded applicants (row = position in ``apps``)."""
    people = {"row": range(len(apps)), "id": [a.id for a in apps], "as_of": [a.as_of for a in apps]}

    def rows_of(attr: str) -> tuple[list[int], list]:
        rows, items = [], []
        for row, app in enumerate(apps):
            children = getattr(app, attr)
            if children:
                rows.extend([row] * len(children))
                items.extend(children)
        return rows, items

    rows, items = rows_of("education")
    edu = {"row": rows, "level": [e.level for e in items], "major": [e.major for e in items],
           "status": [e.status for e in items], "graduated_on": [e.graduated_on for e in items],
           "school_recommended": [e.school_recommended for e in items]}
    rows, items = rows_of("employment")
    emp = {"row": rows, "start": [p.start for p in items], "end": [p.end for p in items],
           "in_occupation": [p.in_occupation for p in items], "management": [p.management for p in items]}
    rows, items = rows_of("certificates")
    cert = {"row": rows, "level": [c.level for c in items], "issued_on": [c.issued_on for c in items]}
    rows, items = rows_of("trainings")
    train = {"row": rows, "level": [t.level for t in items], "completed_on": [t.completed_on for t in items]}
    return ApplicantFrames(
        _frame(people, PEOPLE_SCHEMA), _frame(edu, EDU_SCHEMA), _frame(emp, EMP_SCHEMA),
        _frame(cert, CERT_SCHEMA), _frame(train, TRAIN_SCHEMA),
    )
