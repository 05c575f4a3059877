"""Reports of seed 002: per measure, county and year — claims, approved, reserved, paid — and budget use per line."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .choices import GrantStatus, Measure
from .models import BudgetLine, Claim, Grant

ZERO = Decimal("0.00")


def claim_rows(user, year: int | None = None) -> list[dict]:
    claims = Claim.objects.visible_to(user)
    if year:
        claims = claims.filter(as_of__year=year)
    counted = claims.values("measure", "region__name", "region_id", "as_of__year").annotate(n=Count("id"))
    grants = (Grant.objects.filter(claim__in=claims).exclude(status=GrantStatus.VOID)
              .values("measure", "claim__region_id", "claim__as_of__year")
              .annotate(n=Count("id"), reserved=Sum("amount", filter=Q(status=GrantStatus.RESERVED)),
                        paid=Sum("amount", filter=Q(status=GrantStatus.PAID))))
    by_key = {(g["measure"], g["claim__region_id"], g["claim__as_of__year"]): g for g in grants}
    rows = []
    for c in counted:
        g = by_key.get((c["measure"], c["region_id"], c["as_of__year"]), {})
        rows.append({"measure": Measure(c["measure"]).label, "county": c["region__name"], "year": c["as_of__year"],
                     "claims": c["n"], "approved": g.get("n", 0), "reserved": g.get("reserved") or ZERO,
                     "paid": g.get("paid") or ZERO})
    rows.sort(key=lambda r: (r["year"], str(r["measure"]), r["county"]))
    return rows


def line_rows(user) -> list[dict]:
    out = []
    for line in BudgetLine.objects.visible_to(user):
        b = line.balances()
        used = (b["reserved"] + b["paid"]) / b["allocated"] * 100 if b["allocated"] else ZERO
        out.append({"line": line, "year": line.year, "purpose": line.get_purpose_display(), **b,
                    "use": used.quantize(Decimal("0.1"))})
    return out


def chart(rows: list[dict]) -> dict:
    per_county = defaultdict(lambda: [ZERO, ZERO])
    for r in rows:
        per_county[r["county"]][0] += r["reserved"]
        per_county[r["county"]][1] += r["paid"]
    labels = sorted(per_county)
    return {"labels": labels, "reserved": [float(per_county[k][0]) for k in labels],
            "paid": [float(per_county[k][1]) for k in labels]}
