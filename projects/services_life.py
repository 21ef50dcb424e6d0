"""A project's whole life beyond the proposal: cancel, return by the level above, the commune
approval route of Decree 358/2025 (call for proposals → evaluation council → results posted →
approval decision), adjustment by decision, completion, re-proposal as a copy, closing a round.

Every function has the shape of `projects.services`: lock → check the move and the actor's role
→ change → timeline event → audit. Documents (call, council minutes, approval decision) are
issued through the register, inside the same transaction: a refusal leaves no number taken.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from giamngheo import access, audit
from giamngheo.documents import register
from giamngheo.models import User
from households.models import Household
from projects import eligibility
from projects.event_labels import document as document_ref
from projects.models import (
    BudgetLine,
    Completion,
    Council,
    CouncilReview,
    FundingSource,
    Participant,
    Posting,
    Project,
    ProjectRevision,
    Round,
    SupportItem,
)
from projects.services import (
    WorkflowError,
    WrongState,
    _bump,
    _lock,
    _move,
    _note,
    _require_action,
    create_project,
    over_proposal,
)

NOTICE_TEMPLATE = "reports/pdf/notice.html"
COUNCIL_TEMPLATE = "reports/pdf/council_minutes.html"
APPROVAL_TEMPLATE = "reports/pdf/approval_decision.html"


def selectors_paid(project: Project) -> dict[str, int]:
    from projects.selectors import disbursed_by_source

    return disbursed_by_source(project)


def _money(amount: int) -> str:
    return eligibility._money(amount)


def _issue(**kwargs):
    """Issue through the register; its refusal is a refusal of the step. Documents print in
    Vietnamese whatever language the officer reads the app in."""
    try:
        with override("vi"):
            return register.issue(**kwargs)
    except register.DocumentError as error:
        raise WorkflowError(str(error)) from error


# ---- cancel, return from the level above ----------------------------------------------------------


@transaction.atomic
def cancel_project(project: Project, *, by: User, version: int | None, comment: str = "") -> Project:
    """The village drops its draft: it releases its households and its share of the round."""
    return _move(project, "cancel", by=by, version=version, comment=comment)


@transaction.atomic
def upper_return(project: Project, *, by: User, version: int | None, reasons: str) -> Project:
    """The level above sends the dossier back for completion (not a refusal)."""
    if not reasons.strip():
        raise WorkflowError(_("Cần ghi nội dung cấp trên yêu cầu bổ sung."))
    return _move(project, "upper_return", by=by, version=version, comment=reasons)


# ---- rounds: close, call for proposals, council -------------------------------------------------


def _locked_round(round_: Round, *, by: User, action: str) -> Round:
    round_ = (
        Round.objects.select_for_update().select_related("commune", "component__program").get(pk=round_.pk)
    )
    if not access.can(by, action, commune=round_.commune):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))
    return round_


def call_snapshot(round_: Round, *, deadline: dt.date | None = None) -> dict:
    """What the call for proposals (thông báo) prints: the support plan of the round."""
    labels = dict(FundingSource.choices)
    envelopes = [f"{labels[e.source]}: {_money(e.amount)} đồng" for e in round_.envelopes.all() if e.amount]
    villages = ", ".join(v.name for v in round_.villages.order_by("name"))
    deadline = deadline or round_.deadline
    program = round_.component.program
    return {
        "paragraphs": [
            _(
                "Thực hiện %(program)s, Ủy ban nhân dân %(commune)s thông báo kế hoạch hỗ trợ và mời các "
                "tổ cộng đồng đề xuất dự án hỗ trợ phát triển sản xuất cộng đồng năm %(year)s, nội dung: "
                "%(component)s."
            )
            % {
                "program": program.name,
                "commune": round_.commune.name,
                "year": round_.year,
                "component": round_.component.name,
            },
            _("Thôn, tổ dân phố được đề xuất: %(villages)s.") % {"villages": villages},
            _("Kinh phí dự kiến của đợt:"),
        ],
        "items": envelopes
        + [
            _(
                "Hồ sơ đề xuất gồm đơn đề nghị, phương án sản xuất, danh sách hộ tham gia, biên bản họp "
                "cộng đồng và bản cam kết của từng hộ."
            ),
            _("Hạn gửi hồ sơ về UBND xã: %(date)s.") % {"date": f"{deadline:%d/%m/%Y}"},
            _(
                "Hồ sơ được hội đồng thẩm định đánh giá; kết quả được công khai trước khi UBND xã quyết định "
                "phê duyệt."
            ),
        ],
    }


def call_for(round_: Round):
    """The call for proposals standing for the round, if issued."""
    return register.current_for(round_, "thong_bao").first()


@transaction.atomic
def issue_call(round_: Round, *, by: User, issued_on: dt.date, signatory=None):
    """The UBND xã publishes the support plan and calls for proposals (a numbered thông báo)."""
    round_ = _locked_round(round_, by=by, action="round.call")
    if round_.status != Round.Status.PUBLISHED:
        raise WorkflowError(_("Chỉ phát hành thông báo kêu gọi đề xuất cho đợt đã thông báo tới thôn."))
    if issued_on > timezone.localdate():
        raise WorkflowError(_("Ngày thông báo chưa đến."))
    with override("vi"):
        snapshot = call_snapshot(round_)
    doc = _issue(
        kind="thong_bao",
        target=round_,
        template=NOTICE_TEMPLATE,
        snapshot=snapshot,
        summary=f"Về việc công khai kế hoạch hỗ trợ và kêu gọi đề xuất dự án hỗ trợ phát triển sản xuất "
        f"cộng đồng năm {round_.year}",
        issued_on=issued_on,
        by=by,
        signatory=signatory,
    )
    audit.record(by, round_, "round.call_issued", number=doc.number)
    return doc


@transaction.atomic
def close_round(round_: Round, *, by: User) -> Round:
    """End a round from its page: it takes no more proposals. Projects in it keep their way."""
    from projects import services

    round_ = _locked_round(round_, by=by, action="round.manage")
    return services.close_round(round_, by=by)


@transaction.atomic
def save_council(round_: Round, *, by: User, **fields) -> Council:
    """Set up (or update) the round's evaluation council: chair, secretary, members."""
    round_ = _locked_round(round_, by=by, action="round.manage")
    council = Council.objects.filter(round=round_).first()
    if council is None:
        council = Council.objects.create(round=round_, commune=round_.commune, **fields)
        audit.record(by, council, "council.created", **fields)
        return council
    from giamngheo.services import apply_changes

    apply_changes(council, by=by, action="council.updated", fields=fields)
    return council


# ---- the commune route ----------------------------------------------------------------------------


@transaction.atomic
def send_to_council(project: Project, *, by: User, version: int | None, comment: str = "") -> Project:
    """The officer puts a complete dossier before the round's evaluation council."""
    locked = _lock(project, version)
    _require_action(by, "project.check", locked)
    if locked.can_move("send_to_council"):
        if not Council.objects.filter(round_id=locked.round_id).exists():
            raise WorkflowError(_("Đợt chưa thành lập hội đồng thẩm định: thành lập trên trang đợt trước."))
        blocking = eligibility.assess(locked).blocking
        if blocking:
            raise WorkflowError(
                _("Chưa chuyển hội đồng được: %(reasons)s") % {"reasons": "; ".join(blocking)}
            )
    return _move(locked, "send_to_council", by=by, version=version, comment=comment)


COUNCIL_MOVES = {
    CouncilReview.Conclusion.PASS: "council_pass",
    CouncilReview.Conclusion.RETURN: "council_return",
    CouncilReview.Conclusion.FAIL: "council_fail",
}


def council_snapshot(project: Project, council: Council, review_fields: dict) -> dict:
    verdict = eligibility.assess(project)
    return {
        "council": council.name,
        "established_by": council.established_by,
        "chair": council.chair,
        "secretary": council.secretary,
        "members_present": [m.strip() for m in review_fields["members_present"].splitlines() if m.strip()],
        "meeting_date": review_fields["meeting_date"],
        "project": project.name,
        "village": project.village.name,
        "group": project.group.name if project.group else "",
        "model": project.model,
        "households": len(verdict.households),
        "budget": [[label, amount] for label, amount in verdict.budget_rows],
        "total": verdict.total,
        "beneficiary_share": eligibility._pct(verdict.beneficiary_share),
        "score": review_fields.get("score"),
        "opinions": review_fields.get("opinions", ""),
        "conclusion": str(CouncilReview.Conclusion(review_fields["conclusion"]).label),
    }


@transaction.atomic
def record_council_review(
    project: Project,
    *,
    by: User,
    version: int | None,
    conclusion: str,
    meeting_date: dt.date,
    members_present: str,
    score: int | None = None,
    opinions: str = "",
    signatory=None,
) -> CouncilReview:
    """The council's evaluation of one dossier; its minutes (BB-HĐTĐ) are issued at once."""
    if conclusion != CouncilReview.Conclusion.PASS and not opinions.strip():
        raise WorkflowError(_("Cần ghi ý kiến của hội đồng khi đề nghị bổ sung hoặc đánh giá không đạt."))
    if meeting_date > timezone.localdate():
        raise WorkflowError(_("Ngày họp hội đồng chưa đến; chỉ ghi việc đã diễn ra."))
    locked = _lock(project, version)
    council = Council.objects.filter(round_id=locked.round_id).first()
    if council is None:
        raise WorkflowError(_("Đợt chưa thành lập hội đồng thẩm định."))
    fields = {
        "conclusion": conclusion,
        "meeting_date": meeting_date,
        "members_present": members_present,
        "score": score,
        "opinions": opinions,
    }
    with override("vi"):
        snapshot = council_snapshot(locked, council, fields)
    moved = _move(locked, COUNCIL_MOVES[conclusion], by=by, version=version, comment=opinions)
    review = CouncilReview.objects.create(council=council, project=moved, recorded_by=by, **fields)
    doc = _issue(
        kind="bb_hoi_dong",
        target=review,
        template=COUNCIL_TEMPLATE,
        snapshot=snapshot,
        summary=f"Thẩm định dự án {moved.name}",
        issued_on=meeting_date,
        by=by,
        signatory=signatory,
    )
    moved.events.filter(kind=COUNCIL_MOVES[conclusion]).order_by("-pk").update(
        params={"doc": document_ref("council_minutes", number=doc.number, date=f"{meeting_date:%d/%m/%Y}")}
    )
    audit.record(by, review, "project.council_reviewed", project=moved.pk, conclusion=conclusion, score=score)
    return review


def results_posted(project: Project, *, on: dt.date | None = None) -> str:
    """Why the council's results are not yet publicly posted long enough ("" when they are)."""
    on = on or timezone.localdate()
    postings = [p for p in project.postings.all() if p.purpose == Posting.Purpose.RESULTS]
    if not postings:
        return _("Chưa công khai kết quả thẩm định.")
    days = project.rule_set.posting_days
    if not any(p.posted_to <= on and p.days >= days for p in postings):
        return _("Chưa công khai kết quả thẩm định đủ %(n)s ngày.") % {"n": days}
    open_complaints = [c for c in project.complaints.all() if not c.is_resolved]
    if open_complaints:
        return _("Còn %(n)s phản ánh chưa giải quyết.") % {"n": len(open_complaints)}
    return ""


def approval_snapshot(project: Project, amounts: dict[str, int | None], body: str) -> dict:
    labels = dict(FundingSource.choices)
    verdict = eligibility.assess(project)
    review = project.council_reviews.order_by("-meeting_date", "-pk").first()
    minutes = register.current_for(review, "bb_hoi_dong").first() if review else None
    program = project.round.component.program
    return {
        "body": body,
        "bases": [str(b) for b in program.legal_bases.order_by("issued_on")]
        + (
            [f"Biên bản họp hội đồng thẩm định số {minutes.number} ngày {minutes.issued_on:%d/%m/%Y}"]
            if minutes
            else []
        ),
        "project": project.name,
        "village": project.village.name,
        "group": project.group.name if project.group else "",
        "model": project.model,
        "place": project.place,
        "duration_months": project.duration_months,
        "expected_results": project.expected_results,
        "component": project.round.component.name,
        "program": program.name,
        "participants": [
            [v.household.head_name, v.household.code, v.category_label, v.participant.shares]
            for v in verdict.households
        ],
        "budget": [[labels[s], a] for s, a in amounts.items() if a],
        "total": sum(a or 0 for a in amounts.values()),
    }


@transaction.atomic
def commune_approve(
    project: Project,
    *,
    by: User,
    version: int | None,
    decision_date: dt.date,
    amounts: dict[str, int | None],
    signatory=None,
    comment: str = "",
) -> Project:
    """The approving body (named by the rule set) issues the approval decision (QĐ, numbered
    through the register); the approved amounts become the project's budget lines."""
    if not any(amounts.values()):
        raise WorkflowError(_("Cần nhập kinh phí được phê duyệt theo ít nhất một nguồn vốn."))
    if decision_date > timezone.localdate():
        raise WorkflowError(_("Ngày quyết định chưa đến."))
    locked = _lock(project, version)
    _require_action(by, "project.commune_approve", locked)
    if locked.can_move("commune_approve"):
        if problem := results_posted(locked):
            raise WorkflowError(_("Chưa phê duyệt được: %(reason)s") % {"reason": problem})
        if over := over_proposal(locked, amounts):
            raise WorkflowError(over)
    body = locked.rule_set.approving_body or _("Ủy ban nhân dân xã")
    with override("vi"):
        snapshot = approval_snapshot(locked, amounts, body)
    moved = _move(locked, "commune_approve", by=by, version=version, comment=comment)
    doc = _issue(
        kind="quyet_dinh",
        target=moved,
        template=APPROVAL_TEMPLATE,
        snapshot=snapshot,
        summary=f"Về việc phê duyệt dự án hỗ trợ phát triển sản xuất cộng đồng: {moved.name}",
        issued_on=decision_date,
        by=by,
        signatory=signatory,
    )
    moved.decision_number, moved.decision_date, moved.decision_issuer = doc.number, decision_date, body
    moved.save(update_fields=["decision_number", "decision_date", "decision_issuer"])
    moved.events.filter(kind="commune_approve").order_by("-pk").update(
        params={
            "doc": document_ref("decision", number=doc.number, date=f"{decision_date:%d/%m/%Y}", issuer=body)
        }
    )
    for source, amount in amounts.items():
        if amount:
            BudgetLine.objects.update_or_create(
                project=moved, source=source, defaults={"approved_amount": amount}
            )
    audit.record(by, moved, "project.approval_issued", number=doc.number, amounts=amounts)
    return moved


@transaction.atomic
def commune_refuse(project: Project, *, by: User, version: int | None, reasons: str) -> Project:
    if not reasons.strip():
        raise WorkflowError(_("Cần ghi lý do không phê duyệt."))
    return _move(project, "commune_refuse", by=by, version=version, comment=reasons)


# ---- adjustment -----------------------------------------------------------------------------------


def version_snapshot(project: Project) -> dict:
    """The project's approved content as it stands: duration, participants, items, budget."""
    return {
        "duration_months": project.duration_months,
        "participants": [
            {
                "household": p.household_id,
                "code": p.household.code,
                "name": p.household.head_name,
                "shares": p.shares,
            }
            for p in project.participants.select_related("household").order_by("pk")
        ],
        "items": [
            {
                "id": i.pk,
                "name": i.name,
                "unit": i.unit,
                "quantity_per_household": str(i.quantity_per_household),
                "unit_price": i.unit_price,
                "source": i.source,
            }
            for i in project.items.order_by("pk")
        ],
        "budget": {line.source: line.approved_amount for line in project.budget_lines.order_by("source")},
    }


@transaction.atomic
def adjust_project(
    project: Project,
    *,
    by: User,
    version: int | None,
    decision_number: str,
    decision_date: dt.date,
    reason: str,
    duration_months: int | None = None,
    shares: dict[int, int] | None = None,
    quantities: dict[int, object] | None = None,
    amounts: dict[str, int | None] | None = None,
    add_household: Household | None = None,
    add_shares: int = 1,
) -> ProjectRevision:
    """Adjust an approved project by a decision (number, date): replace households (shares 0
    removes one, `add_household` adds one), change quantities, budget or duration. The content
    before and after is kept as a revision."""
    project = _lock(project, version)
    _require_action(by, "project.adjust", project)
    if project.status not in Project.ADJUSTABLE:
        raise WrongState(_("Chỉ điều chỉnh được dự án đã phê duyệt hoặc đang triển khai."))
    if not reason.strip() or not decision_number.strip():
        raise WorkflowError(_("Cần ghi số quyết định và lý do điều chỉnh."))
    if decision_date > timezone.localdate():
        raise WorkflowError(_("Ngày quyết định chưa đến."))
    before = version_snapshot(project)
    if duration_months and duration_months != project.duration_months:
        project.duration_months = duration_months
        project.save(update_fields=["duration_months"])
    for participant in project.participants.select_related("household"):
        new = (shares or {}).get(participant.pk)
        if new is None or new == participant.shares:
            continue
        if new <= 0:
            participant.delete()
        else:
            participant.shares = new
            participant.save(update_fields=["shares"])
    for item in project.items.all():
        quantity = (quantities or {}).get(item.pk)
        if quantity is not None and quantity != item.quantity_per_household:
            if quantity <= 0:
                raise WorkflowError(_("Số lượng mỗi hộ phải lớn hơn 0."))
            item.quantity_per_household = quantity
            item.save(update_fields=["quantity_per_household"])
    if add_household is not None:
        if project.participants.filter(household=add_household).exists():
            raise WorkflowError(_("Hộ %(name)s đã có trong danh sách.") % {"name": add_household.head_name})
        verdict = eligibility.judge_household(
            add_household,
            project=project,
            rules=project.rule_set,
            on=timezone.localdate(),
            elsewhere=eligibility.households_elsewhere(project, [add_household.pk]),
        )
        if verdict.blocked:
            raise WorkflowError(" ".join(c.message for c in verdict.problems if c.blocking))
        Participant.objects.create(
            project=project, household=add_household, shares=add_shares, commitment_signed_on=None
        )
    if not project.participants.exists():
        raise WorkflowError(_("Sau điều chỉnh dự án phải còn ít nhất một hộ tham gia."))
    paid = selectors_paid(project)
    for source, amount in (amounts or {}).items():
        if (amount or 0) < paid.get(source, 0):
            raise WorkflowError(
                _("Kinh phí %(source)s sau điều chỉnh (%(amount)s đ) thấp hơn số đã giải ngân (%(paid)s đ).")
                % {
                    "source": FundingSource(source).label,
                    "amount": _money(amount or 0),
                    "paid": _money(paid[source]),
                }
            )
        if amount:
            BudgetLine.objects.update_or_create(
                project=project, source=source, defaults={"approved_amount": amount}
            )
        else:
            BudgetLine.objects.filter(project=project, source=source).delete()
    after = version_snapshot(project)
    if after == before:
        raise WorkflowError(_("Không có gì thay đổi so với nội dung đang được duyệt."))
    if not after["budget"]:
        raise WorkflowError(_("Sau điều chỉnh dự án phải còn kinh phí được duyệt."))
    number = (project.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = ProjectRevision.objects.create(
        project=project,
        number=number,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
        before=before,
        after=after,
        recorded_by=by,
    )
    _note(
        project,
        by=by,
        kind="adjusted",
        params={
            "number": number,
            "doc": document_ref(
                "decision",
                number=decision_number,
                date=f"{decision_date:%d/%m/%Y}",
                issuer=project.decision_issuer or "—",
            ),
        },
        comment=reason,
    )
    audit.record(
        by, revision, "project.adjusted", project=project.pk, number=number, decision=decision_number
    )
    _bump(project, "duration_months")
    return revision


# ---- completion -----------------------------------------------------------------------------------


@transaction.atomic
def complete_project(
    project: Project,
    *,
    by: User,
    version: int | None,
    accepted_on: dt.date,
    households_reached: int,
    outputs: str,
    achieved: str,
    minutes_number: str = "",
) -> Project:
    """Completion and acceptance: the results against the approved plan."""
    if accepted_on > timezone.localdate():
        raise WorkflowError(_("Ngày nghiệm thu chưa đến; chỉ ghi việc đã diễn ra."))
    if not outputs.strip() or not achieved.strip():
        raise WorkflowError(_("Cần ghi kết quả đầu ra và đánh giá so với kế hoạch."))
    locked = _lock(project, version)
    planned = locked.participants.count()
    if households_reached > planned:
        raise WorkflowError(
            _("Số hộ thực tế (%(n)s) nhiều hơn số hộ trong dự án được duyệt (%(planned)s).")
            % {"n": households_reached, "planned": planned}
        )
    plan = version_snapshot(locked)
    moved = _move(
        locked,
        "complete",
        by=by,
        version=version,
        comment=achieved,
        params={
            "doc": document_ref("acceptance", number=minutes_number or "—", date=f"{accepted_on:%d/%m/%Y}")
        },
    )
    Completion.objects.create(
        project=moved,
        accepted_on=accepted_on,
        minutes_number=minutes_number,
        households_reached=households_reached,
        outputs=outputs,
        achieved=achieved,
        plan=plan,
        recorded_by=by,
    )
    return moved


# ---- re-proposal ----------------------------------------------------------------------------------


def open_rounds_for(project: Project):
    """Rounds the village may propose the copy to: announced, including it, not past deadline."""
    return Round.objects.filter(
        status=Round.Status.PUBLISHED, villages=project.village, deadline__gte=timezone.localdate()
    ).order_by("-year", "deadline")


@transaction.atomic
def repropose(project: Project, *, by: User, round_: Round | None = None) -> tuple[Project, list[str]]:
    """A refused dossier proposed again: a new draft with the same content, linked to the old
    one. Households that can no longer take part are left out and named."""
    source = _lock(project, None)
    _require_action(by, "project.propose", source)
    if source.status not in Project.REPROPOSABLE:
        raise WrongState(_("Chỉ đề xuất lại được dự án không được đồng ý hoặc không được phê duyệt."))
    round_ = round_ or source.round
    fields = {
        name: getattr(source, name)
        for name in (
            "name",
            "model",
            "group",
            "place",
            "duration_months",
            "expected_results",
            "meeting_date",
            "meeting_attendees",
            "meeting_agree_share",
        )
    }
    copy = create_project(round_, by=by, village=source.village, **fields)
    copy.copied_from = source
    copy.meeting_minutes = source.meeting_minutes
    copy.save(update_fields=["copied_from", "meeting_minutes"])
    for item in source.items.all():
        SupportItem.objects.create(
            project=copy,
            name=item.name,
            unit=item.unit,
            quantity_per_household=item.quantity_per_household,
            unit_price=item.unit_price,
            source=item.source,
        )
    left_out = []
    participants = list(source.participants.select_related("household"))
    elsewhere = eligibility.households_elsewhere(copy, [p.household_id for p in participants])
    for p in participants:
        verdict = eligibility.judge_household(
            p.household, project=copy, rules=copy.rule_set, on=timezone.localdate(), elsewhere=elsewhere
        )
        if verdict.blocked:
            left_out.append(p.household.head_name)
            continue
        Participant.objects.create(
            project=copy,
            household=p.household,
            shares=p.shares,
            commitment_signed_on=p.commitment_signed_on,
            commitment_scan=p.commitment_scan,
            note=p.note,
        )
    copy.events.filter(kind="created").update(kind="copied", params={"source": source.name})
    audit.record(by, copy, "project.reproposed", source=source.pk, left_out=left_out)
    return copy, left_out
