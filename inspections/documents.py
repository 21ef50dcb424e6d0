"""Snapshot builders: the plain data each issued document of this app is printed from.

A template renders only from the snapshot (`snap`), never from live objects, so the stored PDF and
its snapshot say the same thing for ever.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from households.models import Member
from inspections.models import Handover, HandoverLine, Inspection, InspectionRound, Recovery

HANDOVER_TEMPLATE = "reports/pdf/handover_minutes.html"
INSPECTION_TEMPLATE = "reports/pdf/inspection_minutes.html"
BLANK_TEMPLATE = "reports/pdf/inspection_blank.html"
DECISION_TEMPLATE = "reports/pdf/recovery_decision.html"
RECOVERY_TEMPLATE = "reports/pdf/recovery_minutes.html"
ROUND_REPORT_TEMPLATE = "reports/pdf/inspection_round_report.html"


def _people(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _num(value) -> str:
    """Decimal quantities print without trailing zeros: 1, 2.5."""
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def line_row(line: HandoverLine) -> dict:
    return {
        "line": line.pk,
        "household": line.household_id,
        "head_name": line.household.head_name,
        "village": line.household.village.name,
        "item": line.item.name,
        "kind": line.get_kind_display(),
        "variety": line.variety,
        "identifier": line.identifier,
        "sex": line.get_sex_display() if line.sex else "",
        "age_months": line.age_months,
        "weight_kg": _num(line.weight_kg) if line.weight_kg is not None else "",
        "vaccination": line.vaccination,
        "quarantine": line.quarantine_paper,
        "quantity": _num(line.quantity),
        "unit": line.unit,
        "unit_price": line.unit_price,
        "amount": line.amount,
        "refused": line.refused,
        "refusal_reason": line.refusal_reason,
    }


def handover_snapshot(handover: Handover) -> dict:
    project = handover.project
    lines = list(
        handover.lines.select_related("household__village", "item").order_by(
            "household__village__name", "household__head_name", "pk"
        )
    )
    rows = [line_row(line) for line in lines]
    accepted = [r for r in rows if not r["refused"]]
    households = []
    seen = set()
    for r in accepted:
        if r["household"] not in seen:
            seen.add(r["household"])
            households.append({"id": r["household"], "head_name": r["head_name"], "village": r["village"]})
    supplier = handover.supplier
    return {
        "kind": handover.kind,
        "project": project.name,
        "project_decision": project.decision_number,
        "project_decision_date": project.decision_date,
        "held_on": handover.held_on,
        "held_at": handover.held_at.strftime("%H giờ %M") if handover.held_at else "",
        "place": handover.place,
        "giver": {
            "name": supplier.name if supplier else handover.giver_name,
            "tax_code": supplier.tax_code if supplier else "",
            "address": supplier.address if supplier else "",
            "representative": handover.giver_representative or (supplier.representative if supplier else ""),
            "title": handover.giver_title or (supplier.representative_title if supplier else ""),
            "contract": (
                f"{supplier.contract_number} ngày {supplier.contract_date:%d/%m/%Y}"
                if supplier and supplier.contract_number and supplier.contract_date
                else (supplier.contract_number if supplier else "")
            ),
        },
        "team": _people(handover.team_members),
        "witnesses": _people(handover.witnesses),
        "households": households,
        "lines": rows,
        "total_amount": sum(r["amount"] for r in accepted),
        "condition": handover.condition,
        "opinions": handover.opinions,
        "refused_count": len(rows) - len(accepted),
    }


def one_household(snapshot: dict, household_id: int) -> dict:
    """The all-households snapshot narrowed to one household, for those who sign separately."""
    lines = [r for r in snapshot["lines"] if r["household"] == household_id]
    return snapshot | {
        "lines": lines,
        "households": [h for h in snapshot["households"] if h["id"] == household_id],
        "total_amount": sum(r["amount"] for r in lines if not r["refused"]),
        "single": True,
    }


def inspection_snapshot(inspection: Inspection) -> dict:
    commitment = inspection.commitment
    household = inspection.household
    items = list(inspection.items.select_related("line__item").order_by("line__pk"))
    clauses = commitment.clauses
    kept = inspection.clauses_kept or []
    return {
        "project": commitment.project.name,
        "household": household.head_name,
        "village": household.village.name,
        "kind": inspection.get_kind_display(),
        "reason": inspection.reason,
        "round": inspection.round.name if inspection.round_id else "",
        "done_on": inspection.done_on,
        "inspectors": _people(inspection.inspectors),
        "member_present": inspection.member_present,
        "items": [
            {
                "item": i.line.variety or i.line.item.name,
                "identifier": i.line.identifier,
                "status": i.get_status_display(),
                "note": i.note,
            }
            for i in items
        ],
        "offspring": inspection.offspring,
        "shed_condition": inspection.shed_condition,
        "guidance_followed": inspection.guidance_followed,
        "clauses": [
            {"text": text, "kept": kept[n] if n < len(kept) else None} for n, text in enumerate(clauses)
        ],
        "findings": inspection.findings,
        "result": inspection.get_result_display(),
        "recommendations": inspection.recommendations,
        "deadline": inspection.recommendation_deadline,
        "photos": inspection.photos.count(),
    }


def blank_snapshot(commitment) -> dict:
    lines = commitment.household.handover_lines.filter(
        handover__project=commitment.project, refused=False, handover__status__in=["issued", "signed"]
    ).select_related("item", "household__village")
    head = Member.objects.filter(
        household=commitment.household, relationship=Member.Relationship.HEAD
    ).first()
    return {
        "project": commitment.project.name,
        "household": commitment.household.head_name,
        "head_birth_year": head.birth_year if head else "",
        "village": commitment.household.village.name,
        "items": [line_row(line) for line in lines],
        "statuses": [
            _("Khỏe mạnh"),
            _("Ốm"),
            _("Chết"),
            _("Đã bán"),
            _("Đã giết thịt"),
            _("Thất lạc"),
            _("Đã luân chuyển"),
        ],
        "clauses": commitment.clauses,
    }


def recovery_snapshot(recovery: Recovery) -> dict:
    line = recovery.line
    return {
        "project": recovery.commitment.project.name,
        "household": recovery.household.head_name,
        "village": recovery.household.village.name,
        "item": line.variety or line.item.name,
        "identifier": line.identifier,
        "unit": line.unit,
        "quantity": _num(recovery.quantity),
        "amount": recovery.amount,
        "reason": recovery.reason,
        "inspection_date": recovery.inspection.done_on if recovery.inspection_id else None,
        "handover_date": line.handover.held_on,
        "decision_note": recovery.decision_note,
        "recovered_on": recovery.recovered_on,
    }


def round_report_snapshot(round_: InspectionRound) -> dict:
    visits = list(
        round_.inspections.select_related("household__village").order_by(
            "household__village__name", "household__head_name"
        )
    )
    done = [v for v in visits if v.status == Inspection.Status.DONE]
    by_result = {}
    for v in done:
        by_result[v.get_result_display()] = by_result.get(v.get_result_display(), 0) + 1
    breaches = [v for v in done if v.result == Inspection.Result.FAIL]
    return {
        "name": round_.name,
        "kind": round_.get_kind_display(),
        "team": _people(round_.team),
        "starts_on": round_.starts_on,
        "ends_on": round_.ends_on,
        "planned": len(visits),
        "visited": len(done),
        "by_result": sorted(by_result.items()),
        "rows": [
            {
                "household": v.household.head_name,
                "village": v.household.village.name,
                "done_on": v.done_on,
                "result": v.get_result_display() if v.result else _("Chưa kiểm tra"),
                "findings": v.findings,
                "recommendations": v.recommendations,
            }
            for v in visits
        ],
        "breaches": [{"household": v.household.head_name, "findings": v.findings} for v in breaches],
    }
