"""What each project document prints, frozen at issue: model objects → a JSON-able dict.

Every builder is a pure function of the objects it is given (and the date it is judged on); the
templates in templates/reports/pdf/ render only from its result (`snap`), so a document issued
today prints the same after households, prices or the rule set change. The eligibility verdict
is taken *as it stood* on the issue date and written out as plain values.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import override

from giamngheo.text import clean, place_in_text
from projects import eligibility
from projects.models import BcdDecision, FundingSource, Posting, Project, RuleSet

SOURCE_LABELS = dict(FundingSource.choices)
# Units counted in whole pieces: their quantities print as integers ("1 con", never "1,00").
COUNTED_UNITS = frozenset({"con", "cây", "cái", "chiếc", "bộ", "hộ", "suất", "túi", "bao", "lồng", "ô"})


def in_vietnamese(build):
    """Documents print in Vietnamese whatever language the user reads the app in."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with override("vi"):
            return build(*args, **kwargs)

    return wrapper


def quantity_text(quantity: Decimal, unit: str = "") -> str:
    """ "1" for 1.00, "2,5" for 2.50; a counted unit always prints a whole number."""
    quantity = Decimal(quantity)
    if quantity == quantity.to_integral_value() or unit.strip().lower() in COUNTED_UNITS:
        return f"{int(quantity.to_integral_value()):,}".replace(",", ".")
    text = f"{quantity.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")


def _pct(value: Decimal) -> str:
    return eligibility._pct(Decimal(value))


def _items(items, shares: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "name": i.name,
            "unit": i.unit,
            "quantity": quantity_text(i.quantity_per_household, i.unit),
            "quantity_total": quantity_text(i.quantity_per_household * shares, i.unit),
            "unit_price": i.unit_price,
            "amount": i.amount_per_household,
            "amount_total": i.amount_per_household * shares,
            "source": SOURCE_LABELS.get(i.source, i.source),
        }
        for i in items
    ]


def _households(verdict: eligibility.ProjectVerdict) -> list[dict[str, Any]]:
    return [
        {
            "name": v.household.head_name,
            "code": v.household.code,
            "village": v.household.village.name if v.household.village_id else "",
            "category": str(v.category_label),
            "year": v.year,
            "shares": v.participant.shares if v.participant else 1,
            "state": v.allocation.state if v.allocation else 0,
            "counterpart": v.allocation.counterpart if v.allocation else 0,
            "priority": v.is_priority,
        }
        for v in verdict.households
    ]


def _scale(items, households: list[dict]) -> str:
    """Quy mô: households and shares, then what is counted (6 con bò cái…)."""
    shares = sum(h["shares"] for h in households)
    parts = [f"{len(households)} hộ tham gia ({shares} suất)"]
    for i in items:
        if i.unit.strip().lower() not in {"hộ", "suất"}:
            total = quantity_text(i.quantity_per_household * shares, i.unit)
            parts.append(f"{total} {i.unit} {i.name[:1].lower()}{i.name[1:]}")
    return "; ".join(parts)


def project_facts(project: Project, verdict: eligibility.ProjectVerdict) -> dict[str, Any]:
    """What every project document says about the project, as it stands now."""
    items = list(project.items.all())
    households = _households(verdict)
    village = project.village
    place = clean(project.place)
    if place != village.name:
        place = f"{place_in_text(place)}, {place_in_text(village.name)}"
    else:
        place = place_in_text(place)
    return {
        "id": project.pk,
        "name": project.name,
        "model": project.model,
        "place": place,
        "village": village.name,
        "village_in_text": place_in_text(village.name),
        "group": project.group.name if project.group_id else "",
        "group_head": getattr(project.group, "head_name", "") if project.group_id else "",
        "component": str(project.round.component),
        "round": project.round.name,
        "duration_months": project.duration_months,
        "expected_results": project.expected_results,
        "meeting": (
            {
                "date": project.meeting_date,
                "attendees": project.meeting_attendees,
                "agree_share": _pct(project.meeting_agree_share or 0),
            }
            if project.meeting_date
            else None
        ),
        "items": _items(items),
        "households": households,
        "scale": _scale(items, households),
        "budget_rows": [[label, amount] for label, amount in verdict.budget_rows],
        "total": verdict.total,
        "state_total": verdict.state_total,
        "beneficiary_share": _pct(verdict.beneficiary_share),
        "priority_share": _pct(verdict.priority_share),
        "is_priority": verdict.is_priority,
        "rotation_rule": project.rule_set.rotation_rule,
    }


def _legal(doc) -> str:
    """ "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt …" """
    summary = doc.summary[:1].lower() + doc.summary[1:]
    return f"{doc} của {doc.issuer} {summary}"


def commune_header(project: Project) -> dict[str, str]:
    commune = project.commune
    return {"name": commune.name, "in_text": place_in_text(commune.name)}


# ---- the documents -----------------------------------------------------------------------------------


@in_vietnamese
def proposal(project: Project, *, on: dt.date | None = None) -> dict[str, Any]:
    """Đơn đề nghị và phương án hỗ trợ of the village, as the village sends it."""
    verdict = eligibility.assess(project, on=on)
    facts = project_facts(project, verdict)
    bases = [f"Căn cứ {project.round.name}"]
    if plan := project.round.plan_document:
        bases.append(f"Căn cứ {_legal(plan)}")
    sections = [
        ["Tên dự án", f"{facts['name']}. Mô hình: {facts['model']}."],
        ["Thuộc", f"{facts['component']}."],
        ["Địa điểm thực hiện", f"{facts['place']}. Thời gian thực hiện: {facts['duration_months']} tháng."],
        ["Quy mô", f"{facts['scale']}."],
        ["Nội dung hỗ trợ và kinh phí", "items"],
        [
            "Danh sách hộ tham gia",
            f"{len(facts['households'])} hộ; tỷ lệ hộ thuộc đối tượng của Chương trình "
            f"{facts['beneficiary_share']}%" + (" (thuộc diện ưu tiên)." if facts["is_priority"] else "."),
        ],
        ["Kết quả dự kiến", facts["expected_results"] or "…"],
    ]
    if facts["rotation_rule"]:
        sections.append(["Phương án luân chuyển", facts["rotation_rule"]])
    meeting = facts["meeting"]
    sections.append(
        [
            "Họp cộng đồng",
            f"ngày {meeting['date']:%d/%m/%Y}, {meeting['attendees'] or '…'} người dự, "
            f"{meeting['agree_share']}% đồng ý."
            if meeting
            else "…",
        ]
    )
    return {
        "project": facts,
        "commune": commune_header(project),
        "addressee": f"Ủy ban nhân dân {place_in_text(project.commune.name)}",
        "bases": bases,
        "sections": sections,
    }


@in_vietnamese
def submission(project: Project, *, on: dt.date | None = None) -> dict[str, Any]:
    """Tờ trình of the UBND xã asking the approving body to approve the project."""
    verdict = eligibility.assess(project, on=on)
    facts = project_facts(project, verdict)
    bases = []
    program = project.round.component.program
    if program.decision_id:
        bases.append(f"Căn cứ {_legal(program.decision)}")
    from projects.models import LegalDocument

    # The management decree: the program's own (its legal bases), else the national one in force.
    decrees = LegalDocument.objects.filter(kind=LegalDocument.Kind.DECREE, commune__isnull=True)
    own = getattr(program, "legal_bases", None)
    decree = (own.filter(kind=LegalDocument.Kind.DECREE).order_by("-issued_on").first() if own else None) or (
        decrees.filter(summary__icontains="cơ chế quản lý").order_by("-issued_on").first()
    )
    if decree:
        bases.append(f"Căn cứ {_legal(decree)}")
    rules: RuleSet = project.rule_set
    if rules.legal_basis_id and rules.legal_basis_id != getattr(decree, "pk", None):
        bases.append(f"Căn cứ {_legal(rules.legal_basis)}")
    elif rules.legal_basis_id:
        bases.append(f"Căn cứ {rules.name} (phiên bản {rules.version})")
    else:
        bases.append(f"Căn cứ {rules.name} (phiên bản {rules.version})")
    if plan := project.round.plan_document:
        bases.append(f"Căn cứ {_legal(plan)}")
    agreed = (
        project.bcd_decisions.filter(conclusion=BcdDecision.Conclusion.AGREE)
        .select_related("meeting")
        .order_by("-meeting_date", "-pk")
        .first()
    )
    if agreed:
        number = agreed.meeting.number if agreed.meeting_id else agreed.minutes_number
        bases.append(
            f"Căn cứ Biên bản họp Ban Chỉ đạo giảm nghèo xã số {number or '…'} "
            f"ngày {agreed.meeting_date:%d/%m/%Y}"
        )
    return {
        "project": facts,
        "commune": commune_header(project),
        "addressee": project.commune.reports_to_name,
        "bases": bases,
    }


def commitment_clauses(rules: RuleSet, model: str) -> list[str]:
    """The rule set's clauses that belong to this model, each once; the rotation rule joins
    them only when no clause already speaks of rotation."""
    from giamngheo.text import search_key

    clauses = rules.clauses_for(model)
    if rules.rotation_rule and not any("luan chuyen" in search_key(c) for c in clauses):
        clauses.append(f"Thực hiện luân chuyển: {clean(rules.rotation_rule)}")
    if clauses:  # the text ends with "./." (printed by the template), not ".  ./."
        clauses[-1] = clauses[-1].rstrip(".")
    return clauses


@in_vietnamese
def commitment(participant, *, show_id: bool, on: dt.date | None = None) -> dict[str, Any]:
    """The household's commitment, pre-filled for signing (a form the household signs; not numbered)."""
    from households.models import Member

    project = participant.project
    household = participant.household
    head = household.members.filter(relationship=Member.Relationship.HEAD).first()
    items = list(project.items.all())
    verdict = eligibility.judge_household(
        household,
        project=project,
        rules=project.rule_set,
        on=on or timezone.localdate(),
        elsewhere={},
        alloc=eligibility.allocation(items, participant.shares),
    )
    id_number = head.id_number if head and head.id_number else ""
    if id_number and not show_id:
        from giamngheo.templatetags.vn import mask_id

        id_number = mask_id(id_number)
    return {
        "project": {
            "name": project.name,
            "model": project.model,
            "village": project.village.name,
            "duration_months": project.duration_months,
            "rotation_months": project.rule_set.rotation_months,
        },
        "commune": commune_header(project),
        "addressee": f"Ủy ban nhân dân {place_in_text(project.commune.name)}",
        "household": {
            "name": household.head_name,
            "code": household.code,
            "birth": head.birth_display if head else "",
            "id_number": id_number,
            "address": household.address or project.village.name,
            "category": str(verdict.category_label),
            "year": verdict.year,
        },
        "shares": participant.shares,
        "items": _items(items, participant.shares),
        "state": verdict.allocation.state,
        "counterpart": verdict.allocation.counterpart,
        "total": sum(i.amount_per_household for i in items) * participant.shares,
        "clauses": commitment_clauses(project.rule_set, project.model),
        "signed_on": participant.commitment_signed_on,
    }


@in_vietnamese
def minutes(meeting, *, on: dt.date | None = None) -> dict[str, Any]:
    """Biên bản họp BCĐ: one meeting, every project it considered with its conclusion."""
    decisions = list(meeting.decisions.select_related("project__village", "project__round__component"))
    projects = []
    for decision in decisions:
        project = decision.project
        verdict = eligibility.assess(project, on=on or meeting.date)
        facts = project_facts(project, verdict)
        projects.append(
            {
                "project": facts,
                "conclusion": decision.conclusion,
                "conclusion_label": str(decision.get_conclusion_display()),
                "votes_for": decision.votes_for,
                "votes_against": decision.votes_against,
                "reasons": decision.reasons,
            }
        )
    return {
        "commune": {"name": meeting.commune.name, "in_text": place_in_text(meeting.commune.name)},
        "meeting": {
            "date": meeting.date,
            "start": meeting.start_time.strftime("%H giờ %M") if meeting.start_time else "",
            "end": meeting.end_time.strftime("%H giờ %M") if meeting.end_time else "",
            "place": meeting.place,
            "members_total": meeting.members_total,
            "members_present": meeting.members_present,
            "attendees": meeting.attendee_list,
            "chair": meeting.chair,
            "secretary": meeting.secretary,
        },
        "projects": projects,
    }


@in_vietnamese
def posting_minutes(posting: Posting, *, on: dt.date | None = None) -> dict[str, Any]:
    """Biên bản niêm yết: where, from and to which date, who witnessed, what complaints came."""
    project = posting.project
    verdict = eligibility.assess(project, on=on or posting.posted_from)
    facts = project_facts(project, verdict)
    complaints = [
        {
            "received_on": c.received_on,
            "complainant": c.complainant,
            "content": c.content,
            "resolution": c.resolution,
            "resolved_on": c.resolved_on,
        }
        for c in project.complaints.filter(
            received_on__gte=posting.posted_from, received_on__lte=posting.posted_to
        )
    ]
    return {
        "project": facts,
        "commune": commune_header(project),
        "posting": {
            "place": posting.place,
            "from": posting.posted_from,
            "to": posting.posted_to,
            "days": posting.days,
            "witnesses": posting.witness_list,
            "village_head": posting.village_head,
            "results": posting.purpose == Posting.Purpose.RESULTS,
        },
        "complaints": complaints,
    }
