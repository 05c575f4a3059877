"""Small builders of applicant-facts documents for the rules tests."""

from ectalent.rules.batch import evaluate_documents
from ectalent.rules.engine import evaluate

AS_OF = "2024-06-30"


def applicant(*, as_of=AS_OF, education=(), employment=(), certificates=(), trainings=(), id="T"):
    return {
        "id": id, "as_of": as_of, "education": list(education), "employment": list(employment),
        "certificates": list(certificates), "trainings": list(trainings),
    }


def degree(level, major="电子商务", graduated_on="2010-07-01", status="graduated", recommended=False):
    return {"level": level, "major": major, "status": status, "graduated_on": graduated_on, "school_recommended": recommended}


def job(start, end=None, occupation=True, management=False):
    return {"start": start, "end": end, "in_occupation": occupation, "management": management}


def cert(level, issued_on):
    return {"level": level, "issued_on": issued_on}


def training(level, completed_on="2020-01-01"):
    return {"level": level, "completed_on": completed_on}


def years_ago(n: int, as_of: str = AS_OF, day_shift: int = 0) -> str:
    """The date n years before as_of (same month and day), moved by day_shift days."""
    import datetime

    d = datetime.date.fromisoformat(as_of)
    d = d.replace(year=d.year - n) + datetime.timedelta(days=day_shift)
    return d.isoformat()


def clauses(doc, level):
    """The clauses that hold, checked to be the same in single and batch mode."""
    single = evaluate(doc, level).as_json()
    batch = evaluate_documents([doc], level)[0]
    assert single == batch
    return single["clauses"]
